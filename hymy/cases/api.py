"""The API of cases: open one (a help desk posts a complaint), read and list them, change the status,
priority and handler, and add an internal note or a reply to the customer. Thin: it parses, calls the
same services as the case pages and renders."""

import datetime
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Field, Router, Status

from hymy.api.auth import api_actor
from hymy.api.problems import ApiError
from hymy.api.schemas import DEFAULT_LIMIT, ApiSchema, Id, Limit, Moment, Schema, cursor_page
from hymy.customers.selectors import customer_list
from hymy.journeys.selectors import touchpoint_list
from hymy.tenancy.choices import ApiResource, Language
from hymy.tenancy.models import Membership

from . import selectors, services
from .choices import CaseChannel, CaseKind, CasePriority, CaseStatus, ReplyVia
from .models import Case, CaseEvent, Team

router = Router(tags=["cases"])
CASES = ApiResource.CASES

Kind = Literal[tuple(CaseKind.values)]
Priority = Literal[tuple(CasePriority.values)]
ChannelCode = Literal[tuple(CaseChannel.values)]
LanguageCode = Literal[tuple(Language.values)]
Via = Literal[tuple(ReplyVia.values)]
# "open" lists new, in progress and waiting cases together, as the case list in Hymy does.
StatusFilter = Literal[("open", *CaseStatus.values)]
# The statuses a case can be moved to (a new case is only ever opened; merging is done in Hymy).
SettableStatus = Literal["in_progress", "waiting", "resolved", "closed"]
Text = Annotated[str, Field(max_length=services.MAX_TEXT_LENGTH)]
Email = Annotated[str, Field(max_length=254)]


class CaseIn(ApiSchema):
    """Who the case is about: `customer_id`, `customer_external_id` or `customer_email` (the first one
    given). A `customer_email` that belongs to no customer opens the case with it as the contact
    address, so replies still reach the writer."""

    subject: Annotated[str, Field(min_length=1, max_length=200)]
    text: Text = ""
    kind: Kind = CaseKind.COMPLAINT.value
    priority: Priority = CasePriority.NORMAL.value
    channel: ChannelCode = CaseChannel.API.value
    touchpoint_id: Id | None = None
    customer_id: Id | None = None
    customer_external_id: Annotated[str, Field(max_length=100)] = ""
    customer_email: Email = ""
    language: LanguageCode | None = None
    # Whether the customer is sent the acknowledgement with the case number (when the organisation
    # sends them and there is an address); a help desk that already told the customer sends false.
    acknowledge: bool = True


class CasePatch(ApiSchema):
    """Only the fields sent are changed. `resolution` is required when moving to resolved (unless the
    case already has one); `assignee_email` is a member's e-mail and `team` a team's name (null: none)."""

    status: SettableStatus | None = None
    resolution: Text = ""
    priority: Priority | None = None
    assignee_email: Email | None = None
    team: Annotated[str, Field(max_length=120)] | None = None


class NoteIn(ApiSchema):
    text: Annotated[str, Field(min_length=1, max_length=services.MAX_TEXT_LENGTH)]


class ReplyIn(NoteIn):
    """`email` sends the reply to the customer exactly as from Hymy (threaded with the case's
    messages); `phone` records an answer given by phone or in person."""

    via: Via = ReplyVia.EMAIL.value


class CaseEventOut(Schema):
    id: int
    kind: str
    text: str = Field(alias="body")
    via: str
    author: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_author(event):
        return str(event.actor) if event.actor_id else ""


class CaseOut(Schema):
    id: int
    number: int
    kind: str
    status: str
    priority: str
    subject: str = Field(alias="title")
    text: str = Field(alias="description")
    channel: str
    language: str
    customer_id: int | None
    customer_external_id: str
    contact_email: str
    touchpoint_id: int | None
    partner_id: int | None
    assignee_email: str
    team: str
    resolution: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    first_response_due_at: datetime.datetime | None
    resolution_due_at: datetime.datetime | None
    first_responded_at: datetime.datetime | None
    resolved_at: datetime.datetime | None
    closed_at: datetime.datetime | None

    @staticmethod
    def resolve_customer_external_id(case):
        return case.customer.external_id if case.customer_id else ""

    @staticmethod
    def resolve_assignee_email(case):
        return case.assignee.email if case.assignee_id else ""

    @staticmethod
    def resolve_team(case):
        return case.team.name if case.team_id else ""


class CaseDetailOut(CaseOut):
    """A case with its log: notes, replies, the customer's messages, status changes, in time order."""

    log: list[CaseEventOut]

    @staticmethod
    def resolve_log(case):
        return list(selectors.case_event_list(case=case))


class CasePage(Schema):
    items: list[CaseOut]
    next_cursor: str | None


def _case(actor, case_id: int) -> Case:
    return selectors.case_get(organization=actor.organization, membership=actor.membership, pk=case_id)


def _customer_and_address(actor, payload: CaseIn):
    visible = customer_list(organization=actor.organization, membership=actor.membership).prefetch_related(
        None
    )
    if payload.customer_id:
        customer = visible.filter(pk=payload.customer_id).first()
        if customer is None:
            raise ApiError(404, _("No such customer in this organisation."), field="customer_id")
        return customer, ""
    if payload.customer_external_id:
        customer = visible.filter(external_id=payload.customer_external_id).order_by("pk").first()
        if customer is None:
            raise ApiError(404, _("No such customer in this organisation."), field="customer_external_id")
        return customer, ""
    email = payload.customer_email.strip()
    if not email:
        return None, ""
    try:
        validate_email(email)
    except ValidationError:
        raise ApiError(422, _("Enter a valid e-mail address."), field="customer_email") from None
    customer = visible.filter(email__iexact=email).order_by("pk").first()
    return customer, ("" if customer is not None else email)


@router.get("/cases", response=CasePage, summary="List cases")
def case_list(
    request,
    status: StatusFilter | None = None,
    kind: Kind | None = None,
    customer_id: Id | None = None,
    updated_since: Moment | None = None,
    cursor: str | None = None,
    limit: Limit = DEFAULT_LIMIT,
):
    """Cases with the filters, in pages (give `next_cursor` as `cursor` for the next page).
    `status=open` lists new, in progress and waiting cases."""
    actor = api_actor(request, CASES)
    cases = selectors.case_list(
        organization=actor.organization, membership=actor.membership, status=status or "", kind=kind or ""
    )
    if customer_id is not None:
        cases = cases.filter(customer_id=customer_id)
    if updated_since is not None:
        cases = cases.filter(updated_at__gte=updated_since)
    items, next_cursor = cursor_page(cases, cursor=cursor, limit=limit)
    return {"items": items, "next_cursor": next_cursor}


@router.post("/cases", response={201: CaseDetailOut}, summary="Open a case")
def case_create(request, payload: CaseIn):
    """Opens a case exactly as in Hymy: it gets the next number, its SLA due times and routing, and
    the customer is sent the acknowledgement when the organisation sends them."""
    actor = api_actor(request, CASES, write=True)
    customer, contact_email = _customer_and_address(actor, payload)
    touchpoint = None
    if payload.touchpoint_id:
        visible = touchpoint_list(organization=actor.organization, membership=actor.membership)
        touchpoint = visible.filter(pk=payload.touchpoint_id).first()
        if touchpoint is None:
            raise ApiError(404, _("No such touchpoint in this organisation."), field="touchpoint_id")
    try:
        case = _case_open(actor, payload, customer, contact_email, touchpoint)
    except ValidationError as error:
        raise _renamed(error) from None
    return Status(201, _case(actor, case.pk))


# The services name the model's fields; the API calls them as in its request.
API_FIELDS = {"title": "subject", "description": "text", "contact_email": "customer_email"}


def _renamed(error: ValidationError) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {API_FIELDS.get(field, field): errors for field, errors in error.error_dict.items()}
    )


def _case_open(actor, payload: CaseIn, customer, contact_email: str, touchpoint) -> Case:
    return services.case_create(
        organization=actor.organization,
        actor=actor.user,
        title=payload.subject,
        description=payload.text,
        kind=payload.kind,
        priority=payload.priority,
        channel=payload.channel,
        customer=customer,
        contact_email=contact_email,
        touchpoint=touchpoint,
        partner=actor.membership.partner if actor.membership.is_partner else None,
        language=payload.language or "",
        acknowledge=payload.acknowledge,
    )


@router.get("/cases/{case_id}", response=CaseDetailOut, summary="Read a case")
def case_read(request, case_id: Id):
    actor = api_actor(request, CASES)
    return _case(actor, case_id)


def _assignee(actor, email: str):
    found = (
        Membership.objects.filter(organization=actor.organization, user__email__iexact=email.strip())
        .select_related("user")
        .first()
    )
    if found is None:
        raise ApiError(
            422, _("No member of this organisation has this e-mail address."), field="assignee_email"
        )
    return found.user


def _team(actor, name: str) -> Team:
    found = selectors.team_list(organization=actor.organization).filter(name=name.strip()).first()
    if found is None:
        raise ApiError(422, _("No team of this organisation has this name."), field="team")
    return found


@router.patch("/cases/{case_id}", response=CaseDetailOut, summary="Change a case")
def case_change(request, case_id: Id, payload: CasePatch):
    """Moves the case to another status (resolving it sends the recovery survey, as in Hymy), changes
    its priority, or gives it to a member and/or a team. All or nothing."""
    actor = api_actor(request, CASES, write=True)
    case = _case(actor, case_id)
    sent = payload.model_fields_set
    with transaction.atomic():
        if "assignee_email" in sent or "team" in sent:
            assignee = case.assignee
            if "assignee_email" in sent:
                assignee = _assignee(actor, payload.assignee_email) if payload.assignee_email else None
            team = case.team
            if "team" in sent:
                team = _team(actor, payload.team) if payload.team else None
            case = services.case_assign(
                case=case,
                actor=actor.user,
                membership=actor.membership,
                assignee=assignee,
                team=team,
                partner=case.partner,
            )
        if payload.priority is not None:
            case = services.case_priority_set(case=case, actor=actor.user, priority=payload.priority)
        if payload.status is not None:
            services.case_status_set(
                case=case, actor=actor.user, status=payload.status, resolution=payload.resolution
            )
    return _case(actor, case_id)


@router.post("/cases/{case_id}/notes", response={201: CaseEventOut}, summary="Add an internal note")
def case_note_add(request, case_id: Id, payload: NoteIn):
    """A note for the organisation's own people; the customer never sees it."""
    actor = api_actor(request, CASES, write=True)
    case = _case(actor, case_id)
    return Status(201, _event(services.case_note_add(case=case, actor=actor.user, body=payload.text)))


@router.post("/cases/{case_id}/replies", response={201: CaseEventOut}, summary="Reply to the customer")
def case_reply(request, case_id: Id, payload: ReplyIn):
    """Sends the reply by e-mail exactly as from Hymy (or records a phone answer); the first reply stops
    the first-response clock. Send an `Idempotency-Key` so that a retry does not send it twice."""
    actor = api_actor(request, CASES, write=True)
    case = _case(actor, case_id)
    event = services.case_reply(case=case, actor=actor.user, body=payload.text, via=payload.via)
    return Status(201, _event(event))


def _event(event: CaseEvent) -> CaseEvent:
    return CaseEvent.objects.select_related("actor").get(pk=event.pk)
