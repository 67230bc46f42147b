"""Every read about personal data: what Hymy holds about one customer, and the log of requests."""

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import QuerySet

from hymy.customers.models import Customer
from hymy.tenancy.models import Organization

from .models import PrivacyRequest, RetentionPolicy
from .services import customer_rows


@dataclass
class DataSection:
    """One model's rows about the customer: column names and values, for the page and the JSON file."""

    label: str
    title: str
    columns: list[tuple[str, str]]  # (field name, its verbose name)
    rows: list[dict[str, Any]]

    def readable(self) -> list[list[tuple[str, Any]]]:
        """Each row as (label, value) pairs without the empty ones, for the printable page."""
        shown = []
        for row in self.rows:
            pairs = []
            for name, label in self.columns:
                value = row[name]
                if value in (None, "", [], {}):
                    continue
                pairs.append(
                    (label, value["label"] if isinstance(value, dict) and "label" in value else value)
                )
            shown.append(pairs)
        return shown


def _value(row: models.Model, field: models.Field) -> Any:
    if field.many_to_many:
        return [str(item) for item in getattr(row, field.name).all()]
    if field.is_relation:
        return getattr(row, field.attname)
    if field.choices:
        value = getattr(row, field.attname)
        return {"value": value, "label": str(dict(field.flatchoices).get(value, value))} if value else value
    return field.value_from_object(row)


def customer_data(*, organization: Organization, customer: Customer) -> list[DataSection]:
    """Everything Hymy holds about the customer, model by model, as the declarations find it."""
    sections = []
    for declaration, rows in customer_rows(organization=organization, customer=customer):
        meta = declaration.model._meta
        fields = [*meta.concrete_fields, *meta.many_to_many]
        found = [{field.name: _value(row, field) for field in fields} for row in rows]
        if not found:
            continue
        sections.append(
            DataSection(
                label=declaration.label,
                title=str(meta.verbose_name_plural),
                columns=[(field.name, str(field.verbose_name)) for field in fields],
                rows=found,
            )
        )
    return sections


def privacy_request_list(*, organization: Organization) -> QuerySet[PrivacyRequest]:
    return PrivacyRequest.objects.filter(organization=organization).select_related("actor", "customer")


def retention_policy(*, organization: Organization) -> RetentionPolicy | None:
    return RetentionPolicy.objects.filter(organization=organization).first()
