"""The customer list as a file: the same customers the list's filters show, every page of them."""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _

from hymy.core.exports import export_format, export_table
from hymy.core.phones import phone_display
from hymy.tenancy.models import Organization

from .models import Customer

CHUNK = 2000


def customer_list_export(
    *, file_format: str, organization: Organization, customers: QuerySet[Customer]
) -> HttpResponse:
    """`customers` comes from `selectors.customer_list`, already filtered and scoped to the member."""
    file_format = export_format(file_format)
    headers = [
        _("Name"),
        _("Kind"),
        _("Company"),
        _("E-mail"),
        _("Phone"),
        _("Language"),
        _("Tags"),
        _("Status"),
        _("Feedback consent"),
        _("Marketing consent"),
        _("Created"),
    ]
    return export_table(
        file_format=file_format,
        what="customers",
        title=_("Customers"),
        organization=organization,
        headers=headers,
        rows=_rows(customers),
    )


def _rows(customers: QuerySet[Customer]) -> Iterator[list]:
    # In chunks, with the selector's select_related("company") and prefetch_related("tags") kept.
    for customer in customers.iterator(chunk_size=CHUNK):
        yield [
            customer.name,
            customer.get_kind_display(),
            customer.company.name if customer.company_id else "",
            customer.email,
            phone_display(customer.phone),
            customer.get_language_display(),
            ", ".join(tag.name for tag in customer.tags.all()),
            customer.get_status_display(),
            customer.survey_consent,
            customer.marketing_consent,
            customer.created_at,
        ]


def duplicate_list_export(*, file_format: str, organization: Organization, pairs) -> HttpResponse:
    """The likely duplicate pairs as shown on the page: both customers, the score and the reasons."""
    headers = [_("Name"), _("E-mail"), _("Phone"), _("Name"), _("E-mail"), _("Phone"), _("Score"), _("Why")]
    rows = (
        [
            pair.first.name,
            pair.first.email,
            phone_display(pair.first.phone),
            pair.second.name,
            pair.second.email,
            phone_display(pair.second.phone),
            pair.score,
            ", ".join(pair.reason_labels),
        ]  # fmt: skip
        for pair in pairs
    )
    return export_table(
        file_format=export_format(file_format), what="duplicates", title=_("Likely duplicates"),
        organization=organization, headers=headers, rows=rows,
    )  # fmt: skip


def change_history_export(
    *, file_format: str, organization: Organization, customer: Customer, changes
) -> HttpResponse:
    """A customer's change history as on their page, every change rather than the page's latest 20: one
    row per changed field, by field name (a change without fields, such as an erasure, is one row).
    `changes` comes from `selectors.customer_change_list`, already this customer's."""
    file_format = export_format(file_format)
    return export_table(
        file_format=file_format,
        what="customer-changes",
        title=_("Change history"),
        organization=organization,
        headers=[_("Customer"), _("When"), _("Who"), _("What"), _("Field"), _("Before"), _("After")],
        rows=_change_rows(customer, changes),
    )


def _change_rows(customer: Customer, changes) -> Iterator[list]:
    for change in changes.order_by("-changed_at", "-id").iterator(chunk_size=CHUNK):
        common = [
            customer.name,
            change.changed_at,
            str(change.actor) if change.actor_id else "",
            change.get_action_display(),
        ]
        # By field name: PostgreSQL's jsonb does not keep the order the fields were written in.
        fields = sorted(change.changes.items()) if isinstance(change.changes, dict) else []
        if not fields:
            yield [*common, "", None, None]
        for field, values in fields:
            before, after = (values + [None, None])[:2] if isinstance(values, list) else (None, values)
            yield [*common, field, _cell(before), _cell(after)]


def _cell(value):
    """A recorded value as a cell: lists (tags) and dicts (custom attributes) as text, the rest as it is."""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {item}" for key, item in value.items())
    return value
