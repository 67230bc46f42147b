"""Every write to customers and their history. Each customer change is recorded (who, when, what)."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hymy.core.phones import phone_normalize
from hymy.journeys.models import Touchpoint
from hymy.tenancy.models import Membership, Organization, User
from hymy.tenancy.permissions import CHANGE_CUSTOMERS, RECORD_ENCOUNTERS

from .choices import ChangeAction, CustomerKind, CustomerStatus
from .models import Customer, CustomerChange, Encounter, Note, Purchase, Tag

# Fields whose changes are written to the customer's history, in the order they are shown.
TRACKED_FIELDS = [
    "kind", "name", "company", "email", "phone", "language", "external_id",
    "survey_consent", "survey_consent_at", "survey_consent_source",
    "marketing_consent", "marketing_consent_at", "marketing_consent_source",
    "needs_and_wishes", "attributes", "tags", "status", "owner", "verified_at",
]  # fmt: skip


def _snapshot(customer: Customer, *, tag_names: list[str] | None = None) -> dict[str, Any]:
    """The tracked fields as JSON-friendly values, for comparing before and after.

    `tag_names`, when the caller has just set the tags, saves reading them back.
    """
    values: dict[str, Any] = {}
    for field in TRACKED_FIELDS:
        if field == "tags":
            if tag_names is not None:
                values[field] = sorted(tag_names)
            else:
                values[field] = sorted(tag.name for tag in customer.tags.all()) if customer.pk else []
        elif field in ("company", "owner"):
            related = getattr(customer, field)
            values[field] = str(related) if related else None
        else:
            value = getattr(customer, field)
            values[field] = value.isoformat() if isinstance(value, datetime.datetime) else value
    return values


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    return {field: [before.get(field), after[field]] for field in after if before.get(field) != after[field]}


def _require_change(membership: Membership | None, permission: str = CHANGE_CUSTOMERS) -> None:
    """Services called with a membership check its role; system callers (demo, import) pass none."""
    if membership is not None and not membership.can(permission):
        raise PermissionDenied


def _clean_contact(data: dict[str, Any]) -> None:
    errors: dict[str, Any] = {}
    if "email" in data:
        data["email"] = (data["email"] or "").strip()
        if data["email"]:
            local, _at, domain = data["email"].rpartition("@")
            data["email"] = f"{local}@{domain.lower()}" if local else data["email"]
            try:
                validate_email(data["email"])
            except ValidationError:
                errors["email"] = _("Enter a valid e-mail address, like name@example.fi.")
    if "phone" in data:
        try:
            data["phone"] = phone_normalize(data["phone"] or "")
        except ValidationError as error:
            errors["phone"] = error.messages
    if errors:
        raise ValidationError(errors)


def _apply_consent(customer: Customer, kind: str, given: bool | None, source: str | None, at) -> None:
    """Consent carries when and how it was given; withdrawing clears both (history keeps the past)."""
    if given is None:
        return
    was_given = getattr(customer, f"{kind}_consent")
    setattr(customer, f"{kind}_consent", given)
    if given:
        if source is not None:
            setattr(customer, f"{kind}_consent_source", source)
        if at is not None:
            setattr(customer, f"{kind}_consent_at", at)
        elif not was_given or getattr(customer, f"{kind}_consent_at") is None:
            setattr(customer, f"{kind}_consent_at", timezone.now())
        if not getattr(customer, f"{kind}_consent_source"):
            raise ValidationError({f"{kind}_consent_source": _("Say how the consent was given.")})
    else:
        setattr(customer, f"{kind}_consent_at", None)
        setattr(customer, f"{kind}_consent_source", "")


def _tags_resolve(organization: Organization, names: list[str]) -> list[Tag]:
    """Tags by name, ignoring case: typing 'vip' finds the existing 'VIP' instead of making a second tag."""
    wanted: dict[str, str] = {}
    for name in names:
        name = (name or "").strip()[:60]
        if name:
            wanted.setdefault(name.casefold(), name)
    existing = {
        tag.name.casefold(): tag
        for tag in Tag.objects.filter(organization=organization)
        if tag.name.casefold() in wanted
    }
    for key, name in wanted.items():
        if key not in existing:
            existing[key] = Tag.objects.create(organization=organization, name=name)
    return [existing[key] for key in sorted(wanted)]


def _validate_company(organization: Organization, kind: str, company: Customer | None) -> None:
    if company is None:
        return
    if company.organization_id != organization.pk or company.kind != CustomerKind.COMPANY:
        raise ValidationError({"company": _("Choose a company customer of this organisation.")})
    if kind == CustomerKind.COMPANY:
        raise ValidationError({"company": _("A company cannot belong to another company.")})


_CONSENT_KEYS = (
    "survey_consent", "survey_consent_source", "survey_consent_at",
    "marketing_consent", "marketing_consent_source", "marketing_consent_at",
)  # fmt: skip


def _set_fields(customer: Customer, data: dict[str, Any]) -> list[str] | None:
    data = dict(data)
    tags = data.pop("tags", None)
    consent = {key: data.pop(key) for key in _CONSENT_KEYS if key in data}
    _clean_contact(data)
    if "status" in data and data["status"] != customer.status:
        customer.churned_at = timezone.now() if data["status"] == CustomerStatus.CHURNED else None
    for field, value in data.items():
        setattr(customer, field, value)
    for kind in ("survey", "marketing"):
        _apply_consent(
            customer,
            kind,
            consent.get(f"{kind}_consent"),
            consent.get(f"{kind}_consent_source"),
            consent.get(f"{kind}_consent_at"),
        )
    _validate_company(customer.organization, customer.kind, customer.company)
    return tags


def customer_create(
    *, organization: Organization, actor: User | None, membership: Membership | None = None, **data: Any
) -> Customer:
    """Create a customer from keyword fields (see `Customer`); `tags` is a list of names."""
    _require_change(membership)
    customer = Customer(organization=organization)
    tags = _set_fields(customer, data)
    # The organisation comes from the caller's own membership; checking that it exists costs a query.
    customer.full_clean(exclude=["tags", "organization"])
    with transaction.atomic():
        customer.save()
        # A new customer has no tags yet: only add, and skip the queries when there are none.
        resolved = _tags_resolve(organization, tags) if tags else []
        if resolved:
            customer.tags.add(*resolved)
        snapshot = _snapshot(customer, tag_names=[tag.name for tag in resolved])
        CustomerChange.objects.create(
            organization=organization,
            customer=customer,
            actor=actor,
            action=ChangeAction.CREATED,
            changes=_diff({}, {k: v for k, v in snapshot.items() if v not in (None, "", [], {}, False)}),
        )
    return customer


def customer_update(
    *, customer: Customer, actor: User | None, membership: Membership | None = None, **data: Any
) -> Customer:
    """Change some fields of a customer; records the difference, or nothing if nothing changed."""
    _require_change(membership)
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=customer.pk)
        before = _snapshot(customer)
        tags = _set_fields(customer, data)
        customer.full_clean(exclude=["tags"])
        customer.save()
        if tags is not None:
            customer.tags.set(_tags_resolve(customer.organization, tags))
        changes = _diff(before, _snapshot(customer))
        if changes:
            CustomerChange.objects.create(
                organization=customer.organization,
                customer=customer,
                actor=actor,
                action=ChangeAction.UPDATED,
                changes=changes,
            )
    return customer


def _validate_touchpoint(organization: Organization, membership: Membership | None, touchpoint: Touchpoint):
    if touchpoint.organization_id != organization.pk:
        raise ValidationError({"touchpoint": _("Choose a touchpoint of this organisation.")})
    if membership is not None and membership.is_partner and touchpoint.partner_id != membership.partner_id:
        raise ValidationError({"touchpoint": _("You can record encounters only at your own touchpoints.")})


def _validate_customer(organization: Organization, customer: Customer | None) -> None:
    if customer is not None and customer.organization_id != organization.pk:
        raise ValidationError({"customer": _("Choose a customer of this organisation.")})


def encounter_create(
    *,
    organization: Organization,
    actor: User | None,
    touchpoint: Touchpoint,
    started_at: datetime.datetime,
    customer: Customer | None = None,
    membership: Membership | None = None,
    channel: str = "",
    staff: User | None = None,
    ended_at: datetime.datetime | None = None,
    outcome: str = "served",
    summary: str = "",
) -> Encounter:
    """Record a contact at a touchpoint. The channel defaults to the touchpoint's own."""
    _require_change(membership, RECORD_ENCOUNTERS)
    _validate_touchpoint(organization, membership, touchpoint)
    _validate_customer(organization, customer)
    if ended_at is not None and ended_at < started_at:
        raise ValidationError({"ended_at": _("The encounter cannot end before it started.")})
    encounter = Encounter(
        organization=organization,
        customer=customer,
        touchpoint=touchpoint,
        channel=channel or touchpoint.channel,
        staff=staff,
        started_at=started_at,
        ended_at=ended_at,
        outcome=outcome,
        summary=summary,
    )
    encounter.full_clean()
    with transaction.atomic():
        encounter.save()
        _surveys_trigger(encounter=encounter)
    return encounter


def _surveys_trigger(*, encounter: Encounter | None = None, purchase: Purchase | None = None) -> None:
    """Recording an encounter or purchase lets the touchpoint's surveys invite the customer (R3.2).

    Imported here, not at the top, because the surveys app builds on this one.
    """
    from hymy.surveys.services import invitations_for_encounter, invitations_for_purchase

    if encounter is not None:
        invitations_for_encounter(encounter=encounter)
    if purchase is not None:
        invitations_for_purchase(purchase=purchase)


def _items_clean(items: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    cleaned = []
    for item in items or []:
        name = str(item.get("name", "")).strip()
        if not name:
            continue
        try:
            quantity = Decimal(str(item.get("quantity") or 1))
            unit_price = None if item.get("unit_price") in (None, "") else Decimal(str(item["unit_price"]))
        except ArithmeticError:
            raise ValidationError({"items": _("Item quantities and prices must be numbers.")})
        cleaned.append(
            {"name": name, "quantity": str(quantity), "unit_price": None if unit_price is None else str(unit_price)}
        )
    return cleaned


def purchase_create(
    *,
    organization: Organization,
    actor: User | None,
    customer: Customer,
    purchased_on: datetime.date,
    amount: Decimal,
    membership: Membership | None = None,
    cost: Decimal | None = None,
    items: list[dict[str, Any]] | None = None,
    touchpoint: Touchpoint | None = None,
    external_id: str = "",
) -> Purchase:
    """Record a purchase; amount and cost are in the organisation's currency."""
    _require_change(membership)
    _validate_customer(organization, customer)
    if touchpoint is not None:
        _validate_touchpoint(organization, membership, touchpoint)
    errors = {}
    if amount is not None and amount < 0:
        errors["amount"] = _("The amount cannot be negative.")
    if cost is not None and cost < 0:
        errors["cost"] = _("The cost cannot be negative.")
    if errors:
        raise ValidationError(errors)
    purchase = Purchase(
        organization=organization,
        customer=customer,
        purchased_on=purchased_on,
        amount=amount,
        cost=cost,
        currency=organization.currency,
        items=_items_clean(items),
        touchpoint=touchpoint,
        external_id=external_id,
    )
    purchase.full_clean()
    with transaction.atomic():
        purchase.save()
        _surveys_trigger(purchase=purchase)
    return purchase


def note_create(
    *, organization: Organization, actor: User | None, customer: Customer, body: str,
    membership: Membership | None = None,
) -> Note:
    _require_change(membership)
    _validate_customer(organization, customer)
    note = Note(organization=organization, customer=customer, author=actor, body=body.strip())
    note.full_clean()
    note.save()
    return note
