import datetime
from decimal import Decimal

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from hymy.core.phones import phone_display
from hymy.customers.choices import CustomerKind, EncounterOutcome
from hymy.journeys.choices import Channel
from hymy.tenancy.models import Organization

from .models import ImportJob


def import_list(*, organization: Organization):
    return ImportJob.objects.filter(organization=organization).defer("content").select_related("created_by")


def import_get(*, organization: Organization, pk: int) -> ImportJob:
    return get_object_or_404(
        ImportJob.objects.select_related("organization"), organization=organization, pk=pk
    )


def rejection_list(*, job: ImportJob):
    """The rejected rows of the last step: the import's own if it ran, else the dry run's."""
    ran = job.rejections.filter(dry_run=False)
    return (
        ran if job.status in ("done", "failed", "undoing", "undone") else job.rejections.filter(dry_run=True)
    )


def rejection_count(*, job: ImportJob) -> int:
    return rejection_list(job=job).count()


# Cells stored inside the customer's attributes rather than in a field of their own (see cleaning.py).
ATTRIBUTE_FIELDS = ("business_id", "postal_code", "address", "city")


def _choice_labels() -> dict[str, dict[str, str]]:
    return {
        "language": dict(settings.LANGUAGES),
        "kind": dict(CustomerKind.choices),
        "channel": dict(Channel.choices),
        "outcome": dict(EncounterOutcome.choices),
    }


def preview_cell(row, column: int, name: str) -> dict:
    """A preview cell: what will be stored, the file's own text when that differs, and the cell's problem."""
    text = row.cells[column] if column < len(row.cells) else ""
    problem = row.problems.get(name)
    stored = None if problem else _stored_text(name, row.data, _choice_labels())
    if stored is None:
        return {"stored": text, "file": "", "problem": problem}
    return {"stored": stored, "file": text if text.strip() != stored else "", "problem": problem}


def _stored_text(name: str, data: dict, choices: dict) -> str | None:
    """The cleaned value of one mapped column, written for reading; None when the file's text is shown as it is
    (first and last name become one name, which the name column does not show per cell)."""
    if name in ATTRIBUTE_FIELDS:
        value = (data.get("attributes") or {}).get(name)
    elif name == "company":
        value = data.get("company_name")
    elif name in ("first_name", "last_name"):
        return None
    else:
        value = data.get(name)
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return formats.number_format(value, decimal_pos=2, force_grouping=True)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if name == "phone":
        return phone_display(value)
    if name in choices:
        return str(choices[name].get(value, value))
    return str(getattr(value, "name", value))
