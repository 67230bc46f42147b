"""The weekly digest e-mail: "customer info for every meeting" (seed 004).

For one member and one week (Monday–Sunday): the week's figures (NPS, CSAT, CES, smileys …) with n and
the change against the week before, the best and worst comments, the open and overdue actions, the
overdue cases, and the new learning entries — rendered in the member's own language and sent once
(a `DigestDelivery` row is claimed before sending, so a second worker or a rerun sends nothing).
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from hymy.cases.choices import OPEN_STATUSES
from hymy.cases.models import SlaBreach
from hymy.cases.selectors import case_list
from hymy.insights import selectors as insights
from hymy.surveys.models import Answer
from hymy.tenancy.models import Membership, Organization
from hymy.tenancy.permissions import VIEW_CASES, VIEW_IMPROVEMENT

from . import selectors
from .models import DigestDelivery, ImprovementAction, LearningEntry

COMMENTS_EACH_WAY = 3
# Comments read for picking the best and the worst; a week rarely has more with a score and words.
COMMENTS_READ = 500
OVERDUE_CASES_SHOWN = 20


def week_of(day: datetime.date) -> insights.Period:
    """The Monday–Sunday week that contains `day`."""
    monday = day - datetime.timedelta(days=day.weekday())
    return insights.Period(monday, monday + datetime.timedelta(days=6))


def last_full_week(today: datetime.date) -> insights.Period:
    return week_of(today - datetime.timedelta(days=7))


def overdue_cases_for_digest(
    *, organization: Organization, membership: Membership, now: datetime.datetime | None = None
) -> list:
    """The open cases this member may see that are late: past their resolution (or first response) due
    time, or with an SLA breach logged. A partner user gets only their partner's cases; a member who
    may not see cases gets none. Oldest first, at most OVERDUE_CASES_SHOWN."""
    if not membership.can(VIEW_CASES):
        return []
    now = now or timezone.now()
    late = (
        Q(resolution_due_at__lt=now)
        | Q(first_responded_at__isnull=True, first_response_due_at__lt=now)
        | Q(pk__in=SlaBreach.objects.filter(organization=organization).values("case_id"))
    )
    cases = case_list(organization=organization, membership=membership).filter(
        Q(status__in=OPEN_STATUSES) & late
    )
    return list(cases.order_by("created_at", "id")[:OVERDUE_CASES_SHOWN])


@dataclass
class Digest:
    organization: Organization
    membership: Membership
    week: insights.Period
    figures: list
    best_comments: list = field(default_factory=list)
    worst_comments: list = field(default_factory=list)
    open_actions: list = field(default_factory=list)
    overdue_actions: list = field(default_factory=list)
    overdue_cases: list = field(default_factory=list)
    new_entries: list = field(default_factory=list)
    base_url: str = ""

    @property
    def is_empty(self) -> bool:
        return not (
            self.figures or self.best_comments or self.open_actions or self.overdue_cases or self.new_entries
        )


def _position_on_scale(answer: Answer) -> float:
    """0 (the worst score of its question) … 1 (the best), so NPS and smileys compare."""
    low, high = answer.question.score_range or (0, 10)
    return (answer.score - low) / (high - low) if high > low else 0.5


def comments_best_and_worst(
    *, organization: Organization, membership: Membership, week: insights.Period
) -> tuple[list[Answer], list[Answer]]:
    start, end = week.moments
    answers = Answer.objects.filter(
        organization=organization,
        response__organization=organization,
        response__started_at__gte=start,
        response__started_at__lt=end,
        score__isnull=False,
    ).filter(~Q(followup_text="") | ~Q(text=""))
    if membership.is_partner:
        answers = answers.filter(response__touchpoint__partner_id=membership.partner_id)
    rows = list(
        answers.select_related("question", "response", "response__touchpoint").order_by(
            "-response__started_at", "-id"
        )[:COMMENTS_READ]
    )
    ranked = sorted(rows, key=lambda answer: (-_position_on_scale(answer), -answer.pk))
    best = [answer for answer in ranked[:COMMENTS_EACH_WAY] if _position_on_scale(answer) >= 0.5]
    worst = [answer for answer in reversed(ranked[-COMMENTS_EACH_WAY:]) if _position_on_scale(answer) < 0.5]
    return best, worst


def digest_build(
    *, membership: Membership, week: insights.Period, today: datetime.date | None = None
) -> Digest:
    """Everything one member's digest shows, as that member may see it."""
    organization = membership.organization
    today = today or timezone.localdate()
    best, worst = comments_best_and_worst(organization=organization, membership=membership, week=week)
    open_actions: list[ImprovementAction] = list(selectors.open_actions(organization=organization))
    start, end = week.moments
    return Digest(
        organization=organization,
        membership=membership,
        week=week,
        figures=insights.metric_figures(organization=organization, membership=membership, period=week),
        best_comments=best,
        worst_comments=worst,
        open_actions=[action for action in open_actions if not action.is_overdue_on(today)],
        overdue_actions=[action for action in open_actions if action.is_overdue_on(today)],
        overdue_cases=overdue_cases_for_digest(organization=organization, membership=membership),
        new_entries=list(
            LearningEntry.objects.filter(organization=organization, created_at__gte=start, created_at__lt=end)
            .select_related("owner", "touchpoint", "source_answer")
            .order_by("kind", "-created_at")
        )
        if not membership.is_partner
        else [],
        base_url=settings.HYMY_BASE_URL,
    )


def digest_render(digest: Digest) -> tuple[str, str, str]:
    """(subject, text, html) in the member's language."""
    with translation.override(digest.membership.user.language):
        context = {
            "digest": digest,
            "organization": digest.organization,
            "user": digest.membership.user,
            "actions_url": digest.base_url
            + reverse("action_list", kwargs={"org_slug": digest.organization.slug}),
            "log_url": digest.base_url
            + reverse("learning_list", kwargs={"org_slug": digest.organization.slug}),
            "figures_url": digest.base_url
            + reverse("insights_overview", kwargs={"org_slug": digest.organization.slug})
            + "?days=7",
        }
        subject = " ".join(render_to_string("improvement/email/digest_subject.txt", context).split())
        text = render_to_string("improvement/email/digest.txt", context)
        html = render_to_string("improvement/email/digest.html", context)
    return subject, text, html


def digest_send(*, membership: Membership, week: insights.Period, today: datetime.date | None = None) -> bool:
    """Send one member's digest for one week, at most once. Returns whether this call sent it."""
    try:
        with transaction.atomic():
            delivery = DigestDelivery.objects.create(membership=membership, week_start=week.start)
    except IntegrityError:
        return False  # another worker (or an earlier run) has it
    subject, text, html = digest_render(digest_build(membership=membership, week=week, today=today))
    email = EmailMultiAlternatives(
        subject, text, None, [membership.user.email], headers={"X-Hymy-Digest": week.start.isoformat()}
    )
    email.attach_alternative(html, "text/html")
    try:
        email.send()
    except Exception as error:  # noqa: BLE001  (any transport error is kept on the delivery and reported)
        DigestDelivery.objects.filter(pk=delivery.pk).update(error=str(error)[:2000])
        return False
    DigestDelivery.objects.filter(pk=delivery.pk).update(sent_at=timezone.now())
    return True


def digests_send(*, week: insights.Period, today: datetime.date | None = None) -> int:
    """Send the week's digest to every subscribed member of every organisation; returns how many sent."""
    sent = 0
    for organization in Organization.objects.order_by("pk"):
        for membership in selectors.digest_recipients(organization=organization):
            # A member whose role has since lost sight of improvement (e.g. became a partner) gets nothing.
            if membership.can(VIEW_IMPROVEMENT):
                sent += digest_send(membership=membership, week=week, today=today)
    return sent
