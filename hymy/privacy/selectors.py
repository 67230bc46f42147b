"""Every read about personal data: what Hymy holds about one customer, and the log of requests."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from hymy.customers.models import Customer
from hymy.tenancy.models import Organization

from .models import PrivacyRequest, RetentionPolicy
from .services import customer_rows

# Labels for the fields that the models leave unnamed (internal columns: ids, links, log fields), so
# that the data request reads in the user's language. Named here rather than by `verbose_name` on each
# model: these columns are not shown anywhere else, and naming them in the models would mean a
# migration in every app that holds customer data (api, cases, customers, imports, surveys, webhooks)
# for no change to the schema. A field's own translated `verbose_name` wins; a link without one is
# named after the model it points at. tests/privacy/test_customer_data.py fails when a field of a
# declared model has neither.
FIELD_LABELS: dict[str, Promise] = {
    "id": _("number in Hymy"),  # a row's own number; some models have a "number" of their own (cases)
    "action": _("action"),
    "actor": _("done by"),
    "author": _("written by"),
    "absorbed": _("merged customer's details"),
    "absorbed_pk": _("merged customer's number"),
    "api_key": _("API key"),
    "body": _("content"),
    "body_digest": _("content checksum"),
    "body_html": _("content (HTML)"),
    "changed_at": _("changed"),
    "changes": _("changes"),
    "content_type": _("content type"),
    "created_at": _("created"),
    "created_by": _("created by"),
    "data": _("details"),
    "dry_run": _("trial run"),
    "error": _("error"),
    "file": _("file"),
    "first": _("first customer"),
    "first_response_warned_at": _("first response reminder sent"),
    "idempotency_key": _("idempotency key"),
    "job": _("import"),
    "key": _("key"),
    "kept_before": _("kept customer's earlier details"),
    "made_by": _("promised by"),
    "message_id": _("message id"),
    "method": _("method"),
    "model": _("kind of record"),
    "moved": _("moved records"),
    "object_id": _("record number"),
    "path": _("address"),
    "previous": _("earlier values"),
    "problems": _("problems"),
    "recovery_invitation": _("recovery survey invitation"),
    "requested_by": _("requested by"),
    "resolution_warned_at": _("resolution reminder sent"),
    "respondent_key": _("respondent key"),
    "row_number": _("row"),
    "second": _("second customer"),
    "status_code": _("status code"),
    "tags_added": _("tags added"),
    "thread_message_id": _("e-mail thread id"),
    "token": _("link code"),
    "token_digest": _("link code checksum"),
    "undone_by": _("undone by"),
    "updated_at": _("updated"),
    "uploaded_by": _("uploaded by"),
    "values": _("values"),
    "warned_at": _("reminder sent"),
}

# The organisation is the same on every row: the JSON file says it, the readable page and PDF do not.
HIDDEN_ON_PAGE = {"organization"}


def field_label(model_field: models.Field) -> str | Promise:
    """The field's name in the user's language: its own translated name, this module's, or the name
    of the model it links to; an untranslated name only as the last resort (a test catches those)."""
    if isinstance(model_field.verbose_name, Promise):
        return model_field.verbose_name
    if model_field.name in FIELD_LABELS:
        return FIELD_LABELS[model_field.name]
    if model_field.is_relation and model_field.related_model is not None:
        return model_field.related_model._meta.verbose_name
    return model_field.verbose_name


def _when(value: datetime.date) -> str:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.localize(value)


def _json_lines(value: Any, *, depth: int = 0) -> list[str]:
    """A JSON value as indented "key: value" lines, for a person (the JSON file keeps it as it is)."""
    indent = "    " * depth
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                lines += [f"{indent}{key}:", *_json_lines(item, depth=depth + 1)]
            else:
                lines.append(f"{indent}{key}: {_scalar(item)}")
        return lines
    if isinstance(value, list):
        if all(not isinstance(item, dict | list) for item in value):
            return [indent + ", ".join(_scalar(item) for item in value)]
        lines = []
        for item in value:
            lines += (
                _json_lines(item, depth=depth) if isinstance(item, dict | list) else [indent + _scalar(item)]
            )
            lines.append("")  # a blank line between the entries of a list
        return lines[:-1]
    return [indent + _scalar(value)]


def _scalar(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, dict | list):
        return ", ".join(_json_lines(value)) if value else "—"
    return str(value)


def _change_value(model_field: models.Field | None, value: Any) -> str:
    """One side of a recorded change, as the field shows it: a choice by its label, a date the local way."""
    if model_field is not None and model_field.choices and isinstance(value, str):
        return str(dict(model_field.flatchoices).get(value, value)) if value else "—"
    if isinstance(model_field, models.DateField) and isinstance(value, str) and value:
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
        return _when(moment if isinstance(model_field, models.DateTimeField) else moment.date())
    return _scalar(value)


def _changes_lines(model: type[models.Model], changes: dict) -> list[str]:
    """A change log's {"field": [old, new]} as "field: old → new", the field by its translated name.

    The fields are those of the customer the change is about (`CustomerChange.customer`)."""
    customer_link = next((f for f in model._meta.concrete_fields if f.name == "customer"), None)
    subject = customer_link.related_model if customer_link is not None else model
    lines = []
    for name, values in changes.items():
        try:
            model_field = subject._meta.get_field(name)
            label = field_label(model_field)
        except FieldDoesNotExist:  # a field since removed
            model_field, label = None, name
        if isinstance(values, list) and len(values) == 2:
            old, new = (_change_value(model_field, value) for value in values)
            lines.append(f"{capfirst(str(label))}: {old} → {new}")
        else:
            lines.append(f"{capfirst(str(label))}: {_change_value(model_field, values)}")
    return lines


@dataclass
class DataSection:
    """One model's rows about the customer: column names and values, for the page and the JSON file.

    `rows` are the machine-readable values (the JSON file); `shown` the same rows as a person reads
    them (the page and the PDF): translated labels, yes/no, choice labels, linked rows by their name,
    local dates, JSON as indented lines.
    """

    label: str
    title: str
    columns: list[tuple[str, str]]  # (field name, its label in the user's language)
    rows: list[dict[str, Any]]
    shown: list[list[tuple[str, str]]] = field(default_factory=list)

    def readable(self) -> list[list[tuple[str, str]]]:
        """Each row as (label, text) pairs without the empty ones, for the printable page and the PDF."""
        return self.shown


def _value(row: models.Model, model_field: models.Field) -> Any:
    if model_field.many_to_many:
        return [str(item) for item in getattr(row, model_field.name).all()]
    if model_field.is_relation:
        return getattr(row, model_field.attname)
    if model_field.choices:
        value = getattr(row, model_field.attname)
        return (
            {"value": value, "label": str(dict(model_field.flatchoices).get(value, value))}
            if value
            else value
        )
    return model_field.value_from_object(row)


def _linked_names(model_field: models.Field, values: set) -> dict[Any, str]:
    """The rows a link points at, by their readable name (a touchpoint's, a survey's, a user's)."""
    target = model_field.target_field.attname
    names = {}
    for linked in model_field.related_model._default_manager.filter(**{f"{target}__in": values}):
        get_full_name = getattr(linked, "get_full_name", None)
        names[getattr(linked, target)] = (get_full_name() if get_full_name else "") or str(linked)
    return names


def _shown(model: type[models.Model], model_field: models.Field, value: Any, names: dict) -> str:
    if model_field.is_relation and not model_field.many_to_many:
        return names.get(value) or str(value)
    if isinstance(value, dict) and set(value) == {"value", "label"} and model_field.choices:
        return value["label"]
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, datetime.date):
        return _when(value)
    if model_field.primary_key or model_field.name.endswith("_pk"):
        return str(value)  # a number that names a row: no thousand separator
    if isinstance(value, Decimal | float | int):
        return formats.localize(value)
    if isinstance(model_field, models.JSONField):
        if model_field.name == "changes" and isinstance(value, dict):
            return "\n".join(_changes_lines(model, value))
        return "\n".join(_json_lines(value))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def customer_data(*, organization: Organization, customer: Customer) -> list[DataSection]:
    """Everything Hymy holds about the customer, model by model, as the declarations find it."""
    sections = []
    for declaration, rows in customer_rows(organization=organization, customer=customer):
        meta = declaration.model._meta
        fields = [*meta.concrete_fields, *meta.many_to_many]
        found = [{f.name: _value(row, f) for f in fields} for row in rows]
        if not found:
            continue
        shown_fields = [f for f in fields if f.name not in HIDDEN_ON_PAGE]
        # Each link's rows fetched once per section, not once per row.
        names = {
            f.name: _linked_names(f, {row[f.name] for row in found} - {None})
            for f in shown_fields
            if f.is_relation and not f.many_to_many
        }
        shown = [
            [
                (
                    str(capfirst(field_label(f))),
                    _shown(declaration.model, f, row[f.name], names.get(f.name, {})),
                )
                for f in shown_fields
                if row[f.name] not in (None, "", [], {})
            ]
            for row in found
        ]
        sections.append(
            DataSection(
                label=declaration.label,
                title=str(meta.verbose_name_plural),
                columns=[(f.name, str(field_label(f))) for f in fields],
                rows=found,
                shown=shown,
            )
        )
    return sections


def privacy_request_list(*, organization: Organization) -> QuerySet[PrivacyRequest]:
    return PrivacyRequest.objects.filter(organization=organization).select_related("actor", "customer")


def retention_policy(*, organization: Organization) -> RetentionPolicy | None:
    return RetentionPolicy.objects.filter(organization=organization).first()
