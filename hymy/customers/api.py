"""The API of customers, encounters and purchases: thin, it parses, calls the services and renders."""

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Status

from hymy.api.auth import api_actor
from hymy.api.problems import ApiError
from hymy.api.schemas import (
    DEFAULT_LIMIT,
    ApiSchema,
    Day,
    Id,
    Limit,
    Moment,
    Schema,
    clean_query_text,
    cursor_page,
)
from hymy.journeys.choices import Channel
from hymy.journeys.models import Touchpoint
from hymy.journeys.selectors import touchpoint_list
from hymy.tenancy.choices import ApiResource, Language

from . import selectors, services
from .choices import ConsentSource, CustomerKind, CustomerStatus, EncounterOutcome
from .models import Customer, Encounter, Purchase

router = Router(tags=["customers"])

MAX_BATCH = 1000
CUSTOMERS, ENCOUNTERS = ApiResource.CUSTOMERS, ApiResource.ENCOUNTERS

Kind = Literal[tuple(CustomerKind.values)]
StatusCode = Literal[tuple(CustomerStatus.values)]
LanguageCode = Literal[tuple(Language.values)]
Consent = Literal[tuple(ConsentSource.values)]
Outcome = Literal[tuple(EncounterOutcome.values)]
ChannelCode = Literal[tuple(Channel.values)]
ShortText = Annotated[str, Field(max_length=200)]


# --- Customers ---------------------------------------------------------------------------------------


class CustomerFields(ApiSchema):
    kind: Kind = "person"
    email: Annotated[str, Field(max_length=254)] = ""
    phone: Annotated[str, Field(max_length=40)] = ""
    language: LanguageCode = "fi"
    external_id: Annotated[str, Field(max_length=100)] = ""
    company_id: Id | None = None
    survey_consent: bool | None = None
    survey_consent_source: Consent | None = None
    marketing_consent: bool | None = None
    marketing_consent_source: Consent | None = None
    needs_and_wishes: Annotated[str, Field(max_length=5000)] = ""
    attributes: dict[str, Any] = {}
    tags: list[Annotated[str, Field(max_length=60)]] = Field(default=[], max_length=50)
    status: StatusCode = "active"


class CustomerIn(CustomerFields):
    name: Annotated[str, Field(min_length=1, max_length=200)]


class CustomerPatch(CustomerFields):
    """Only the fields sent are changed."""

    name: Annotated[str, Field(min_length=1, max_length=200)] | None = None


class CustomerUpsert(CustomerIn):
    """Found by `external_id` when given, else by `email`; created when not found."""


class CustomerOut(Schema):
    id: int
    kind: str
    name: str
    company_id: int | None
    email: str
    phone: str
    language: str
    external_id: str
    survey_consent: bool
    marketing_consent: bool
    needs_and_wishes: str
    attributes: dict[str, Any]
    tags: list[str]
    status: str
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_tags(customer):
        return sorted(tag.name for tag in customer.tags.all())


class CustomerPage(Schema):
    items: list[CustomerOut]
    next_cursor: str | None


def _customer_data(actor, payload: CustomerFields, *, only_sent: bool) -> dict[str, Any]:
    data = payload.dict(exclude_unset=only_sent)
    if "company_id" in data:
        company_id = data.pop("company_id")
        data["company"] = None
        if company_id is not None:
            data["company"] = Customer.objects.filter(organization=actor.organization, pk=company_id).first()
            if data["company"] is None:
                raise ApiError(404, _("No such company in this organisation."), field="company_id")
    for kind in ("survey", "marketing"):
        if data.get(f"{kind}_consent_source") is None:
            data.pop(f"{kind}_consent_source", None)
    return data


@router.get("/customers", response=CustomerPage, summary="List customers")
def customer_list(
    request,
    q: str = "",
    status: StatusCode | None = None,
    kind: Kind | None = None,
    language: LanguageCode | None = None,
    tag: str = "",
    email: str = "",
    external_id: str = "",
    updated_since: Moment | None = None,
    cursor: str | None = None,
    limit: Limit = DEFAULT_LIMIT,
):
    """Customers matching a search over name, e-mail, phone and company and the filters, in pages
    (give `next_cursor` as `cursor` for the next page)."""
    actor = api_actor(request, CUSTOMERS)
    customers = selectors.customer_list(
        organization=actor.organization,
        membership=actor.membership,
        query=q,
        kind=kind or "",
        status=status or "",
        language=language or "",
        tag=clean_query_text(tag),
    )
    if clean_query_text(email):
        customers = customers.filter(email__iexact=clean_query_text(email))
    if clean_query_text(external_id):
        customers = customers.filter(external_id=clean_query_text(external_id))
    if updated_since is not None:
        customers = customers.filter(updated_at__gte=updated_since)
    items, next_cursor = cursor_page(customers, cursor=cursor, limit=limit)
    return {"items": items, "next_cursor": next_cursor}


@router.post("/customers", response={201: CustomerOut}, summary="Create a customer")
def customer_create(request, payload: CustomerIn):
    actor = api_actor(request, CUSTOMERS, write=True)
    customer = services.customer_create(
        organization=actor.organization,
        actor=actor.user,
        membership=actor.membership,
        **_customer_data(actor, payload, only_sent=False),
    )
    return Status(201, customer)


@router.post("/customers/upsert", response={200: CustomerOut, 201: CustomerOut}, summary="Create or update")
def customer_upsert(request, payload: CustomerUpsert):
    """A shop sends the same customer many times: the customer with this `external_id` (or, without
    one, this `email`) is updated with the fields sent; if there is none, it is created (201)."""
    actor = api_actor(request, CUSTOMERS, write=True)
    if not payload.external_id and not payload.email:
        raise ApiError(
            422, _("Give an external_id or an email to find the customer by."), field="external_id"
        )
    visible = selectors.customer_list(organization=actor.organization, membership=actor.membership)
    with transaction.atomic():
        if payload.external_id:
            existing = visible.filter(external_id=payload.external_id).order_by("pk").first()
        else:
            existing = visible.filter(email__iexact=payload.email.strip()).order_by("pk").first()
        if existing is None:
            customer = services.customer_create(
                organization=actor.organization,
                actor=actor.user,
                membership=actor.membership,
                **_customer_data(actor, payload, only_sent=False),
            )
            return Status(201, customer)
        customer = services.customer_update(
            customer=existing,
            actor=actor.user,
            membership=actor.membership,
            **_customer_data(actor, payload, only_sent=True),
        )
    return Status(200, customer)


@router.get("/customers/{customer_id}", response=CustomerOut, summary="Read a customer")
def customer_read(request, customer_id: Id):
    actor = api_actor(request, CUSTOMERS)
    return selectors.customer_get(
        organization=actor.organization, membership=actor.membership, pk=customer_id
    )


@router.patch("/customers/{customer_id}", response=CustomerOut, summary="Change a customer")
def customer_change(request, customer_id: Id, payload: CustomerPatch):
    actor = api_actor(request, CUSTOMERS, write=True)
    customer = selectors.customer_get(
        organization=actor.organization, membership=actor.membership, pk=customer_id
    )
    data = _customer_data(actor, payload, only_sent=True)
    if data.get("name", "") is None:
        data.pop("name")
    return services.customer_update(customer=customer, actor=actor.user, membership=actor.membership, **data)


# --- Encounters and purchases ------------------------------------------------------------------------


class CustomerReference(ApiSchema):
    """Who the event is about: `customer_id`, or the customer's `customer_external_id`."""

    customer_id: Id | None = None
    customer_external_id: Annotated[str, Field(max_length=100)] = ""


class EncounterIn(CustomerReference):
    touchpoint_id: Id
    started_at: Moment
    ended_at: Moment | None = None
    channel: ChannelCode | None = None
    outcome: Outcome = "served"
    summary: Annotated[str, Field(max_length=5000)] = ""


class EncounterOut(Schema):
    id: int
    customer_id: int | None
    touchpoint_id: int
    channel: str
    started_at: datetime.datetime
    ended_at: datetime.datetime | None
    outcome: str
    summary: str
    created_at: datetime.datetime


class EncounterBatchIn(ApiSchema):
    items: list[EncounterIn] = Field(min_length=1, max_length=MAX_BATCH)


class EncounterBatchOut(Schema):
    items: list[EncounterOut]


Amount = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]


class PurchaseItem(ApiSchema):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    quantity: Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=3)] = Decimal(1)
    unit_price: Amount | None = None


class PurchaseIn(CustomerReference):
    purchased_on: Day
    amount: Amount
    cost: Amount | None = None
    touchpoint_id: Id | None = None
    items: list[PurchaseItem] = Field(default=[], max_length=500)
    external_id: Annotated[str, Field(max_length=100)] = ""


class PurchaseOut(Schema):
    id: int
    customer_id: int
    touchpoint_id: int | None
    purchased_on: datetime.date
    amount: Decimal
    cost: Decimal | None
    currency: str
    items: list[dict[str, Any]]
    external_id: str
    created_at: datetime.datetime


class PurchaseBatchIn(ApiSchema):
    items: list[PurchaseIn] = Field(min_length=1, max_length=MAX_BATCH)


class PurchaseBatchOut(Schema):
    items: list[PurchaseOut]


class _Lookups:
    """Touchpoints and customers of the caller's organisation, looked up once per request."""

    def __init__(self, actor):
        self.actor = actor
        self.touchpoints: dict[int, Touchpoint] | None = None
        self.customers: dict[Any, Customer] = {}

    def touchpoint(self, pk: int, field: str) -> Touchpoint:
        if self.touchpoints is None:
            visible = touchpoint_list(organization=self.actor.organization, membership=self.actor.membership)
            self.touchpoints = {touchpoint.pk: touchpoint for touchpoint in visible}
        if pk not in self.touchpoints:
            raise ApiError(404, _("No such touchpoint in this organisation."), field=field)
        return self.touchpoints[pk]

    def customer(self, reference: CustomerReference, prefix: str, *, required: bool) -> Customer | None:
        key = (
            ("id", reference.customer_id)
            if reference.customer_id
            else ("ext", reference.customer_external_id)
        )
        if not key[1]:
            if required:
                raise ApiError(
                    422, _("Give customer_id or customer_external_id."), field=f"{prefix}customer_id"
                )
            return None
        if key not in self.customers:
            visible = selectors.customer_list(
                organization=self.actor.organization, membership=self.actor.membership
            )
            lookup = {"pk": key[1]} if key[0] == "id" else {"external_id": key[1]}
            customer = visible.filter(**lookup).prefetch_related(None).order_by("pk").first()
            if customer is None:
                field = "customer_id" if key[0] == "id" else "customer_external_id"
                raise ApiError(404, _("No such customer in this organisation."), field=prefix + field)
            self.customers[key] = customer
        return self.customers[key]


def _encounter_record(actor, lookups: _Lookups, payload: EncounterIn, prefix: str = "") -> Encounter:
    try:
        return services.encounter_create(
            organization=actor.organization,
            actor=actor.user,
            membership=actor.membership,
            touchpoint=lookups.touchpoint(payload.touchpoint_id, prefix + "touchpoint_id"),
            customer=lookups.customer(payload, prefix, required=False),
            started_at=payload.started_at,
            ended_at=payload.ended_at,
            channel=payload.channel or "",
            outcome=payload.outcome,
            summary=payload.summary,
        )
    except ApiError:
        raise
    except ValidationError as error:
        raise _prefixed(error, prefix) from None


def _prefixed(error, prefix: str):
    if not prefix or not hasattr(error, "error_dict"):
        return error
    return ValidationError({f"{prefix}{field}": messages for field, messages in error.message_dict.items()})


@router.post("/encounters", response={201: EncounterOut}, tags=["encounters"], summary="Record an encounter")
def encounter_create(request, payload: EncounterIn):
    """Records a contact at a touchpoint; the touchpoint's surveys invite the customer exactly as
    when the encounter is recorded in Hymy."""
    actor = api_actor(request, ENCOUNTERS, write=True)
    return Status(201, _encounter_record(actor, _Lookups(actor), payload))


@router.post(
    "/encounters/batch", response={201: EncounterBatchOut}, tags=["encounters"], summary="Record up to 1,000"
)
def encounter_batch_create(request, payload: EncounterBatchIn):
    """All or nothing: one invalid item (its `field` says which, e.g. `items.3.touchpoint_id`)
    records none."""
    actor = api_actor(request, ENCOUNTERS, write=True)
    lookups = _Lookups(actor)
    with transaction.atomic():
        items = [
            _encounter_record(actor, lookups, item, prefix=f"items.{index}.")
            for index, item in enumerate(payload.items)
        ]
    return Status(201, {"items": items})


@router.get(
    "/encounters/{encounter_id}", response=EncounterOut, tags=["encounters"], summary="Read an encounter"
)
def encounter_read(request, encounter_id: Id):
    actor = api_actor(request, ENCOUNTERS)
    encounter = selectors.encounter_list(organization=actor.organization, membership=actor.membership).filter(
        pk=encounter_id
    )
    return _one(encounter)


def _purchase_record(actor, lookups: _Lookups, payload: PurchaseIn, prefix: str = "") -> Purchase:
    try:
        return services.purchase_create(
            organization=actor.organization,
            actor=actor.user,
            membership=actor.membership,
            customer=lookups.customer(payload, prefix, required=True),
            touchpoint=lookups.touchpoint(payload.touchpoint_id, prefix + "touchpoint_id")
            if payload.touchpoint_id
            else None,
            purchased_on=payload.purchased_on,
            amount=payload.amount,
            cost=payload.cost,
            items=[item.dict() for item in payload.items],
            external_id=payload.external_id,
        )
    except ValidationError as error:
        raise _prefixed(error, prefix) from None


@router.post("/purchases", response={201: PurchaseOut}, tags=["encounters"], summary="Record a purchase")
def purchase_create(request, payload: PurchaseIn):
    """Records a purchase or order; with a touchpoint, its surveys that invite after purchases do."""
    actor = api_actor(request, ENCOUNTERS, write=True)
    return Status(201, _purchase_record(actor, _Lookups(actor), payload))


@router.post(
    "/purchases/batch", response={201: PurchaseBatchOut}, tags=["encounters"], summary="Record up to 1,000"
)
def purchase_batch_create(request, payload: PurchaseBatchIn):
    actor = api_actor(request, ENCOUNTERS, write=True)
    lookups = _Lookups(actor)
    with transaction.atomic():
        items = [
            _purchase_record(actor, lookups, item, prefix=f"items.{index}.")
            for index, item in enumerate(payload.items)
        ]
    return Status(201, {"items": items})


@router.get("/purchases/{purchase_id}", response=PurchaseOut, tags=["encounters"], summary="Read a purchase")
def purchase_read(request, purchase_id: Id):
    actor = api_actor(request, ENCOUNTERS)
    return _one(
        selectors.purchase_list(organization=actor.organization, membership=actor.membership).filter(
            pk=purchase_id
        )
    )


def _one(queryset):
    found = queryset.first()
    if found is None:
        raise Http404
    return found
