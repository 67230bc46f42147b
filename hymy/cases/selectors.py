"""Every read of cases, scoped to the organisation; partner users see only their partner's cases."""

import datetime

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from hymy.tenancy.models import Membership, Organization

from .choices import OPEN_STATUSES, CaseEventKind
from .models import Case, CaseAttachment, CaseEvent, CasePromise, InboundMailbox, ReplyTemplate, Team


def _visible_cases(*, organization: Organization, membership: Membership) -> QuerySet[Case]:
    cases = Case.objects.filter(organization=organization)
    if membership.is_partner:
        cases = cases.filter(partner_id=membership.partner_id)
    return cases


def case_list(
    *,
    organization: Organization,
    membership: Membership,
    status: str = "",
    kind: str = "",
    assignee=None,
    team=None,
    partner=None,
    overdue: bool = False,
    query: str = "",
    now: datetime.datetime | None = None,
) -> QuerySet[Case]:
    """Cases matching the filters; status "open" means new, in progress or waiting."""
    cases = _visible_cases(organization=organization, membership=membership)
    if status == "open":
        cases = cases.filter(status__in=OPEN_STATUSES)
    elif status:
        cases = cases.filter(status=status)
    if kind:
        cases = cases.filter(kind=kind)
    if assignee is not None:
        cases = cases.filter(assignee=assignee)
    if team is not None:
        cases = cases.filter(team=team)
    if partner is not None:
        cases = cases.filter(partner=partner)
    if overdue:
        now = now or timezone.now()
        cases = cases.filter(status__in=OPEN_STATUSES[:2], paused_since__isnull=True).filter(
            Q(first_responded_at__isnull=True, first_response_due_at__lt=now) | Q(resolution_due_at__lt=now)
        )
    query = (query or "").replace("\x00", "").strip()
    if query:
        matches = (
            Q(title__icontains=query) | Q(customer__name__icontains=query) | Q(description__icontains=query)
        )
        if query.lstrip("#").isdigit():
            matches |= Q(number=int(query.lstrip("#")))
        cases = cases.filter(matches)
    return cases.select_related("customer", "assignee", "team", "partner", "touchpoint").order_by(
        "-created_at", "-id"
    )


def case_get(*, organization: Organization, membership: Membership, pk: int) -> Case:
    cases = _visible_cases(organization=organization, membership=membership)
    return get_object_or_404(
        cases.select_related(
            "customer", "assignee", "team", "partner", "touchpoint", "merged_into", "source_response"
        ),
        pk=pk,
    )


def case_event_list(*, case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor").order_by("created_at", "id")


def case_attachment_get(
    *, organization: Organization, membership: Membership, case_pk: int, pk: int
) -> CaseAttachment:
    case = case_get(organization=organization, membership=membership, pk=case_pk)
    return get_object_or_404(CaseAttachment.objects.filter(case=case), pk=pk)


def case_promise_get(
    *, organization: Organization, membership: Membership, case_pk: int, pk: int
) -> CasePromise:
    case = case_get(organization=organization, membership=membership, pk=case_pk)
    return get_object_or_404(CasePromise.objects.filter(case=case), pk=pk)


def team_list(*, organization: Organization) -> QuerySet[Team]:
    return Team.objects.filter(organization=organization)


def reply_template_list(*, organization: Organization) -> QuerySet[ReplyTemplate]:
    return ReplyTemplate.objects.filter(organization=organization)


def customer_case_event_list(
    *, organization: Organization, membership: Membership, customer
) -> QuerySet[CaseEvent]:
    """What the customer and the organisation said to each other in cases, for the customer's timeline."""
    cases = _visible_cases(organization=organization, membership=membership).filter(customer=customer)
    return CaseEvent.objects.filter(
        organization=organization, case__in=cases,
        kind__in=[CaseEventKind.REPLY, CaseEventKind.CUSTOMER_MESSAGE],
    ).select_related("case", "actor")  # fmt: skip


def inbound_mailbox_get(*, organization: Organization) -> InboundMailbox | None:
    return InboundMailbox.objects.filter(organization=organization).first()
