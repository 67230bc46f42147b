"""A touchpoint's encounters as a file (`?export=csv|xlsx` on the touchpoint's page): all of them,
not only the latest the page shows, as the member may see them."""

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _

from hymy.core.exports import export_format, export_table
from hymy.tenancy.models import Organization

from .models import Touchpoint

CHUNK = 1000


def encounter_export(
    *, file_format: str, organization: Organization, touchpoint: Touchpoint, encounters: QuerySet
) -> HttpResponse:
    """`encounters` from `customers.selectors.encounter_list`, already this touchpoint's."""
    file_format = export_format(file_format)
    return export_table(
        file_format=file_format,
        what="encounters",
        title=_("Encounters"),
        organization=organization,
        headers=[_("When"), _("Touchpoint"), _("Customer"), _("Outcome"), _("What happened")],
        rows=(
            [
                encounter.started_at,
                touchpoint.name,
                encounter.customer.name if encounter.customer_id else "",
                encounter.get_outcome_display(),
                encounter.summary,
            ]
            for encounter in encounters.select_related("customer")
            .order_by("-started_at", "-id")
            .iterator(chunk_size=CHUNK)
        ),
    )
