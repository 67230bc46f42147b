"""Every write to customers and their history. Each customer change is recorded (who, when, what)."""

import datetime
import hashlib
import secrets
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hymy.core.bulk import bulk_insert
from hymy.core.phones import phone_normalize
from hymy.journeys.models import Touchpoint
from hymy.tenancy.models import Membership, Organization, User
from hymy.tenancy.permissions import CHANGE_CUSTOMERS, RECORD_ENCOUNTERS

from .choices import ChangeAction, ConsentSource, CustomerKind, CustomerStatus
from .models import Customer, CustomerChange, DetailsUpdateRequest, Encounter, Note, Purchase, Tag

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


# An import cleans each e-mail twice (to match the row, then in `customer_build`): addresses found valid
# are remembered, as `phone_normalize` remembers numbers. Bounded: emptied when full.
_VALID_EMAILS: set[str] = set()
_VALID_EMAILS_MAX = 20_000


def _clean_contact(data: dict[str, Any]) -> None:
    errors: dict[str, Any] = {}
    if "email" in data:
        data["email"] = (data["email"] or "").strip()
        if data["email"]:
            local, _at, domain = data["email"].rpartition("@")
            data["email"] = f"{local}@{domain.lower()}" if local else data["email"]
            if data["email"] not in _VALID_EMAILS:
                try:
                    validate_email(data["email"])
                except ValidationError:
                    errors["email"] = _("Enter a valid e-mail address, like name@example.fi.")
                else:
                    if len(_VALID_EMAILS) >= _VALID_EMAILS_MAX:
                        _VALID_EMAILS.clear()
                    _VALID_EMAILS.add(data["email"])
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
    *,
    customer: Customer,
    actor: User | None,
    membership: Membership | None = None,
    change_action: str = ChangeAction.UPDATED,
    **data: Any,
) -> Customer:
    """Change some fields of a customer; records the difference, or nothing if nothing changed.

    `change_action` says who changed it when it was not staff (the customer through their own link).
    """
    _require_change(membership)
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=customer.pk)
        customer_refuse_erased(customer)
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
                action=change_action,
                changes=changes,
            )
        if "status" in changes and customer.status == CustomerStatus.CHURNED:
            _webhooks_customer_churned(customer)
    return customer


def _webhooks_customer_churned(customer: Customer) -> None:
    """Tell the organisation's webhooks, once this transaction commits (imported here: webhooks builds
    on this app)."""
    from hymy.webhooks.payloads import customer_churned_payload
    from hymy.webhooks.services import event_publish

    payload = customer_churned_payload(customer)
    event_publish(organization=customer.organization, event="customer.churned", payload=payload)


def _validate_touchpoint(organization: Organization, membership: Membership | None, touchpoint: Touchpoint):
    if touchpoint.organization_id != organization.pk:
        raise ValidationError({"touchpoint": _("Choose a touchpoint of this organisation.")})
    if membership is not None and membership.is_partner and touchpoint.partner_id != membership.partner_id:
        raise ValidationError({"touchpoint": _("You can record encounters only at your own touchpoints.")})


def _validate_customer(organization: Organization, customer: Customer | None) -> None:
    if customer is not None and customer.organization_id != organization.pk:
        raise ValidationError({"customer": _("Choose a customer of this organisation.")})


def customer_refuse_erased(customer: Customer) -> None:
    """An erased customer is an anonymous shell that keeps the figures: nothing personal goes into it
    again (an edit, a note, a merge, a survey, a link for updating details)."""
    if customer.erased_at is not None:
        raise ValidationError(
            _("This customer's personal data was erased: nothing about the person can be added or changed.")
        )


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
    customer_refuse_erased(customer)
    note = Note(organization=organization, customer=customer, author=actor, body=body.strip())
    note.full_clean()
    note.save()
    return note


# --- many customers at once (the import) -----------------------------------------------------------------


def customer_contact_clean(*, email: str = "", phone: str = "") -> dict[str, str]:
    """The e-mail and phone as `customer_create` would store them; raises `ValidationError` like it."""
    data = {"email": email, "phone": phone}
    _clean_contact(data)
    return data


def customer_build(*, organization: Organization, **data: Any) -> tuple[Customer, list[str]]:
    """An unsaved customer checked exactly as `customer_create` checks one, and its tag names.

    For `customers_bulk_create`, which saves many at once. Raises `ValidationError` (field → message).
    """
    customer = Customer(organization=organization)
    tags = _set_fields(customer, data) or []
    # The company is checked by `_set_fields` (same organisation, a company); checking again costs a query.
    customer.full_clean(exclude=["tags", "organization", "company", "owner"], validate_unique=False)
    return customer, tags


def customers_bulk_create(
    *, organization: Organization, actor: User | None, built: list[tuple[Customer, list[str]]]
) -> list[Customer]:
    """Save customers from `customer_build` in one INSERT, with their tags and their "created" history rows.

    The same rows as `customer_create` writes, in a few statements instead of a few per customer (the
    customers and their history rows with `bulk_insert`: COPY on PostgreSQL, executemany on SQLite). The
    caller holds the transaction.
    """
    customers = bulk_insert([customer for customer, _tags in built])
    names = {name for _customer, tags in built for name in tags}
    tag_by_key = (
        {tag.name.casefold(): tag for tag in _tags_resolve(organization, sorted(names))} if names else {}
    )
    links, changes = [], []
    Link = Customer.tags.through
    for customer, tags in built:
        resolved = sorted({tag_by_key[name.strip()[:60].casefold()] for name in tags if name.strip()},
                          key=lambda tag: tag.name.casefold())  # fmt: skip
        links.extend(Link(customer_id=customer.pk, tag_id=tag.pk) for tag in resolved)
        snapshot = _snapshot(customer, tag_names=[tag.name for tag in resolved])
        changes.append(
            CustomerChange(
                organization=organization,
                customer=customer,
                actor=actor,
                action=ChangeAction.CREATED,
                changes=_diff({}, {k: v for k, v in snapshot.items() if v not in (None, "", [], {}, False)}),
            )
        )
    Link.objects.bulk_create(links, batch_size=1000)
    bulk_insert(changes)
    return customers
# --- Data quality: bulk changes and the customer's own "update your details" link -----------------

BULK_ADD_TAG = "add_tag"
BULK_REMOVE_TAG = "remove_tag"
BULK_SET_STATUS = "set_status"
BULK_GIVE_SURVEY_CONSENT = "give_survey_consent"
BULK_WITHDRAW_SURVEY_CONSENT = "withdraw_survey_consent"
BULK_MARK_VERIFIED = "mark_verified"
BULK_ASK_UPDATE = "ask_update"


def customers_bulk_update(
    *,
    organization: Organization,
    actor: User | None,
    customers: list[Customer],
    action: str,
    membership: Membership | None = None,
    tag: str = "",
    status: str = "",
    consent_source: str = "",
) -> int:
    """Apply one change to many customers, each recorded in its history; returns how many changed.

    `customers` come from a selector, already scoped to the organisation and the member.
    """
    _require_change(membership)
    if action in (BULK_ADD_TAG, BULK_REMOVE_TAG) and not tag.strip():
        raise ValidationError({"tag": _("Give the tag.")})
    if action == BULK_SET_STATUS and status not in CustomerStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    if action == BULK_GIVE_SURVEY_CONSENT and not consent_source:
        raise ValidationError({"consent_source": _("Say how the consent was given.")})
    changed = 0
    with transaction.atomic():
        for customer in customers:
            if customer.organization_id != organization.pk:
                raise ValidationError(_("Choose customers of this organisation."))
            if action == BULK_ASK_UPDATE:
                changed += (
                    details_update_request_send(organization=organization, actor=actor, customer=customer)
                    is not None
                )
                continue
            data: dict[str, Any] = {}
            if action in (BULK_ADD_TAG, BULK_REMOVE_TAG):
                names = [t.name for t in customer.tags.all()]
                if action == BULK_ADD_TAG:
                    names.append(tag.strip())
                else:
                    names = [name for name in names if name.casefold() != tag.strip().casefold()]
                data["tags"] = names
            elif action == BULK_SET_STATUS:
                data["status"] = status
            elif action == BULK_GIVE_SURVEY_CONSENT:
                if customer.survey_consent:
                    continue
                data.update(survey_consent=True, survey_consent_source=consent_source)
            elif action == BULK_WITHDRAW_SURVEY_CONSENT:
                data["survey_consent"] = False
            elif action == BULK_MARK_VERIFIED:
                data["verified_at"] = timezone.now()
            else:
                raise ValidationError({"action": _("Choose what to do.")})
            before = customer.changes.count()
            customer_update(customer=customer, actor=actor, **data)
            changed += customer.changes.count() != before
    return changed


def details_update_request_send(
    *,
    organization: Organization,
    actor: User | None,
    customer: Customer,
    membership: Membership | None = None,
) -> DetailsUpdateRequest | None:
    """E-mail the customer a link for correcting their own details; None if they have no e-mail address."""
    from .tasks import details_update_email_send

    _require_change(membership)
    _validate_customer(organization, customer)
    customer_refuse_erased(customer)
    if not customer.email:
        return None
    token = secrets.token_urlsafe(32)
    request = DetailsUpdateRequest.objects.create(
        organization=organization,
        customer=customer,
        token_digest=details_token_digest(token),
        sent_to=customer.email,
        requested_by=actor,
        expires_at=timezone.now() + datetime.timedelta(days=settings.DETAILS_UPDATE_LINK_DAYS),
    )
    transaction.on_commit(lambda: details_update_email_send.enqueue(request.pk, token))
    return request


def details_token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def details_update_by_customer(
    *,
    request: DetailsUpdateRequest,
    name: str,
    email: str,
    phone: str,
    survey_consent: bool,
    marketing_consent: bool,
) -> Customer:
    """The customer corrects their own details through the link: recorded as done by the customer."""
    with transaction.atomic():
        request = DetailsUpdateRequest.objects.select_for_update().get(pk=request.pk)
        if request.used_at is not None or request.expires_at <= timezone.now():
            raise ValidationError(_("This link has expired. Ask for a new one."))
        customer = request.customer
        data: dict[str, Any] = {
            "name": name,
            "email": email,
            "phone": phone,
            "survey_consent": survey_consent,
            "marketing_consent": marketing_consent,
            "verified_at": timezone.now(),
        }
        if survey_consent and not customer.survey_consent:
            data["survey_consent_source"] = ConsentSource.WEB_FORM
        if marketing_consent and not customer.marketing_consent:
            data["marketing_consent_source"] = ConsentSource.WEB_FORM
        customer = customer_update(
            customer=customer, actor=None, change_action=ChangeAction.BY_CUSTOMER, **data
        )
        request.used_at = timezone.now()
        request.save(update_fields=["used_at"])
    return customer
