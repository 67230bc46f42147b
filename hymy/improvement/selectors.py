"""Every read of actions, the learning log and digest subscriptions, scoped to the organisation.

Partners have no view of improvement (see tenancy/permissions.py), so there is no partner narrowing
here; the comments a member may turn into entries are the ones the surveys selectors let them see.
"""

import datetime

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from hymy.cases.selectors import case_list
from hymy.surveys.models import Answer
from hymy.surveys.selectors import response_list
from hymy.tenancy.models import Membership, Organization, User
from hymy.tenancy.permissions import VIEW_CASES

from .choices import OPEN_STATUSES, LearningKind
from .models import DigestSubscription, ImprovementAction, LearningEntry


def action_list(
    *,
    organization: Organization,
    status: str = "",
    owner_id: int | None = None,
    is_overdue: bool = False,
    touchpoint_id: int | None = None,
    today: datetime.date | None = None,
) -> QuerySet[ImprovementAction]:
    """Actions with the nearest due date first (those without one last)."""
    today = today or timezone.localdate()
    actions = ImprovementAction.objects.filter(organization=organization).select_related(
        "owner", "touchpoint", "stage"
    )
    if status:
        actions = actions.filter(status=status)
    if owner_id:
        actions = actions.filter(owner_id=owner_id)
    if touchpoint_id:
        actions = actions.filter(touchpoint_id=touchpoint_id)
    if is_overdue:
        actions = actions.filter(status__in=OPEN_STATUSES, due_on__lt=today)
    return actions.order_by(
        Case(When(due_on__isnull=True, then=Value(1)), default=Value(0), output_field=IntegerField()),
        "due_on",
        "id",
    )


def action_get(*, organization: Organization, pk: int) -> ImprovementAction:
    return get_object_or_404(action_list(organization=organization), pk=pk)


def open_actions(*, organization: Organization) -> QuerySet[ImprovementAction]:
    return action_list(organization=organization).filter(status__in=OPEN_STATUSES)


def learning_entry_list(
    *,
    organization: Organization,
    kind: str = "",
    touchpoint_id: int | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[LearningEntry]:
    """Successes first (seed 004 shares them first), then failures; newest first within each."""
    entries = LearningEntry.objects.filter(organization=organization).select_related(
        "owner", "touchpoint", "source_answer", "source_answer__question", "source_answer__response",
        "source_case",
    )
    if kind:
        entries = entries.filter(kind=kind)
    if touchpoint_id:
        entries = entries.filter(touchpoint_id=touchpoint_id)
    if date_from:
        entries = entries.filter(happened_on__gte=date_from)
    if date_to:
        entries = entries.filter(happened_on__lte=date_to)
    successes_first = Case(
        When(kind=LearningKind.SUCCESS, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return entries.order_by(successes_first, "-happened_on", "-id")


def learning_entry_get(*, organization: Organization, pk: int) -> LearningEntry:
    return get_object_or_404(learning_entry_list(organization=organization), pk=pk)


def comment_get(*, organization: Organization, membership: Membership, pk: int) -> Answer:
    """A customer's comment this member may see (a partner only its own touchpoints' responses)."""
    responses = response_list(organization=organization, membership=membership)
    return get_object_or_404(
        Answer.objects.filter(organization=organization, response__in=responses).filter(
            ~Q(text="") | ~Q(followup_text="")
        ),
        pk=pk,
    )


def entries_by_answer(*, organization: Organization, answer_ids) -> dict[int, list[LearningEntry]]:
    """The entries already made from these comments, so that the lists can link to them."""
    result: dict[int, list[LearningEntry]] = {}
    for entry in LearningEntry.objects.filter(
        organization=organization, source_answer_id__in=list(answer_ids)
    ):
        result.setdefault(entry.source_answer_id, []).append(entry)
    return result


def member_users(*, organization: Organization) -> QuerySet[User]:
    """The people an action or a failure can be given to."""
    return (
        User.objects.filter(memberships__organization=organization).order_by("full_name", "email").distinct()
    )


def is_subscribed(*, membership: Membership) -> bool:
    return DigestSubscription.objects.filter(membership=membership).exists()


def digest_recipients(*, organization: Organization) -> QuerySet[Membership]:
    """Members who opted in to the weekly digest and still have an active account."""
    return (
        Membership.objects.filter(
            organization=organization, digest_subscription__isnull=False, user__is_active=True
        )
        .select_related("user", "organization", "partner")
        .order_by("pk")
    )


def entries_for_case(*, organization: Organization, case) -> list[LearningEntry]:
    """The entries already shared from this case (at most a success and a failure)."""
    return list(LearningEntry.objects.filter(organization=organization, source_case=case).order_by("kind"))


def visible_case_ids(*, organization: Organization, membership: Membership, case_ids) -> set[int]:
    """Which of these cases this member may open, so that an entry links to its case only for them."""
    case_ids = [pk for pk in case_ids if pk is not None]
    if not case_ids or not membership.can(VIEW_CASES):
        return set()
    cases = case_list(organization=organization, membership=membership).filter(pk__in=case_ids)
    return set(cases.values_list("pk", flat=True))
