"""Figures about cases: how fast and how well they are handled (R4.4), and what handling does to the
customer afterwards (the recovery report, R5.2). Every figure carries its sample size; shares and NPS
carry their 95 % intervals from hymy/insights/statistics.py."""

import datetime
import statistics as pystats
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hymy.customers.choices import CustomerStatus
from hymy.customers.models import Customer, Purchase
from hymy.insights import statistics
from hymy.tenancy.models import Membership, Organization

from .choices import OPEN_STATUSES, CaseKind, CaseStatus
from .models import Case
from .selectors import _visible_cases

# --- Operations: response and resolution times, SLA hit rate, backlog ----------------------------


@dataclass
class Durations:
    """Hours from opening to an event: median and 90th percentile, with how many cases they come from."""

    hours: list[float] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.hours)

    @property
    def median(self) -> float | None:
        return pystats.median(self.hours) if self.hours else None

    @property
    def p90(self) -> float | None:
        if len(self.hours) < 2:
            return self.hours[0] if self.hours else None
        return pystats.quantiles(self.hours, n=10, method="inclusive")[-1]


@dataclass
class OperationsRow:
    label: str
    opened: int = 0
    backlog: int = 0
    first_response: Durations = field(default_factory=Durations)
    resolution: Durations = field(default_factory=Durations)
    sla_hits: int = 0
    sla_decided: int = 0

    @property
    def sla_hit_rate(self) -> statistics.Estimate:
        return statistics.share(self.sla_hits, self.sla_decided)


def _hours(start: datetime.datetime, end: datetime.datetime) -> float:
    return (end - start).total_seconds() / 3600


def _add(row: OperationsRow, case: Case, now: datetime.datetime) -> None:
    row.opened += 1
    if case.status in OPEN_STATUSES:
        row.backlog += 1
    if case.first_responded_at:
        row.first_response.hours.append(_hours(case.created_at, case.first_responded_at))
    fixed = case.resolved_at is not None and bool(case.resolution)
    if fixed:
        row.resolution.hours.append(_hours(case.created_at, case.resolved_at))
    # A case counts toward the hit rate once its outcome is known: fixed, closed, or past its deadline.
    decided = case.resolved_at is not None or (
        case.resolution_due_at is not None and case.resolution_due_at < now
    )
    if decided and case.resolution_due_at is not None:
        row.sla_decided += 1
        answered_in_time = (
            case.first_responded_at is not None and case.first_responded_at <= case.first_response_due_at
        )
        if fixed and case.resolved_at <= case.resolution_due_at and answered_in_time:
            row.sla_hits += 1


@dataclass
class OperationsFigures:
    total: OperationsRow
    by_team: list[OperationsRow]
    by_partner: list[OperationsRow]
    by_channel: list[OperationsRow]
    by_month: list[OperationsRow]
    backlog_now: int


def operations_figures(
    *, organization: Organization, membership: Membership, start: datetime.datetime, end: datetime.datetime
) -> OperationsFigures:
    """Figures of the cases opened between `start` and `end` (merged duplicates left out)."""
    now = timezone.now()
    cases = (
        _visible_cases(organization=organization, membership=membership)
        .filter(created_at__gte=start, created_at__lt=end)
        .exclude(status=CaseStatus.MERGED)
        .select_related("team", "partner")
        .only(
            "status", "channel", "created_at", "first_responded_at", "resolved_at", "resolution",
            "first_response_due_at", "resolution_due_at", "team__name", "partner__name",
        )
    )  # fmt: skip
    total = OperationsRow(str(_("All cases")))
    groups: dict[str, dict[str, OperationsRow]] = {"team": {}, "partner": {}, "channel": {}, "month": {}}
    own_staff, no_team = str(_("Own staff")), str(_("No team"))
    for case in cases.iterator(chunk_size=2000):
        _add(total, case, now)
        month = timezone.localtime(case.created_at).strftime("%Y-%m")
        keys = {
            "team": case.team.name if case.team_id else no_team,
            "partner": case.partner.name if case.partner_id else own_staff,
            "channel": str(case.get_channel_display()),
            "month": month,
        }
        for group, key in keys.items():
            _add(groups[group].setdefault(key, OperationsRow(key)), case, now)
    backlog_now = (
        _visible_cases(organization=organization, membership=membership)
        .filter(status__in=OPEN_STATUSES)
        .count()
    )
    return OperationsFigures(
        total=total,
        by_team=sorted(groups["team"].values(), key=lambda row: -row.opened),
        by_partner=sorted(groups["partner"].values(), key=lambda row: -row.opened),
        by_channel=sorted(groups["channel"].values(), key=lambda row: -row.opened),
        by_month=sorted(groups["month"].values(), key=lambda row: row.label),
        backlog_now=backlog_now,
    )


# --- Service recovery: what happened to customers after their complaint ---------------------------

RECOVERY_GROUPS = {
    "none": _("No complaint"),
    "within_sla": _("Complaint fixed within SLA"),
    "late": _("Complaint fixed late"),
    "never": _("Complaint never fixed"),
}
# Followed from the complaint to today by default: the groups' reference days span the same dates.
RECOVERY_WINDOW_DAYS = None
RECOVERY_WINDOWS = (180, 365)


@dataclass
class RecoveryGroup:
    key: str
    label: str
    customers: int = 0
    churned: int = 0
    repurchased: int = 0
    nps_histogram: dict = field(default_factory=lambda: defaultdict(int))

    @property
    def churn(self) -> statistics.Estimate:
        return statistics.share(self.churned, self.customers)

    @property
    def repurchase(self) -> statistics.Estimate:
        return statistics.share(self.repurchased, self.customers)

    @property
    def nps(self) -> statistics.Estimate:
        return statistics.nps(self.nps_histogram)


@dataclass
class RecoveryReport:
    groups: list[RecoveryGroup]
    window_days: int | None
    churn_versus_none: dict[str, statistics.Change]
    churn_within_versus_never: statistics.Change


def _handling(case: Case) -> str:
    if case.resolved_at is None or not case.resolution:
        return "never"
    return (
        "within_sla"
        if case.resolution_due_at is None or case.resolved_at <= case.resolution_due_at
        else "late"
    )


def recovery_report(
    *, organization: Organization, membership: Membership, window_days: int | None = RECOVERY_WINDOW_DAYS,
    as_of: datetime.datetime | None = None,
) -> RecoveryReport:  # fmt: skip
    """Churn, repurchase and NPS after each customer's first complaint (in the `window_days` after it, or
    up to `as_of`), by how the complaint was handled, beside customers without a complaint followed
    over the same dates.

    Comparable customers: only people and companies who were customers (joined, not yet gone) on their
    reference day, and whose whole window has passed. A customer without a complaint is given a
    reference day from the complainers' days in turn, so both groups are followed over the same seasons.
    """
    as_of = as_of or timezone.now()
    # No window: follow everyone to `as_of` (the groups' reference days are spread over the same dates).
    window = datetime.timedelta(days=window_days) if window_days else None
    complaints = (
        _visible_cases(organization=organization, membership=membership)
        .filter(kind__in=[CaseKind.COMPLAINT, CaseKind.FOLLOW_UP], customer__isnull=False)
        .exclude(status=CaseStatus.MERGED)
        .order_by("customer_id", "created_at", "pk")
        .only("customer_id", "created_at", "resolved_at", "resolution", "resolution_due_at")
    )
    first_complaint: dict[int, Case] = {}
    for case in complaints.iterator(chunk_size=5000):
        first_complaint.setdefault(case.customer_id, case)
    customers = {
        pk: (created_at, status, churned_at)
        for pk, created_at, status, churned_at in Customer.objects.filter(
            organization=organization
        ).values_list("pk", "created_at", "status", "churned_at")
    }
    if membership.is_partner:
        customers = {pk: values for pk, values in customers.items() if pk in first_complaint}
    reference_days = sorted(case.created_at for case in first_complaint.values())
    references: dict[int, tuple[str, datetime.datetime]] = {}
    for pk, case in first_complaint.items():
        references[pk] = (_handling(case), case.created_at)
    others = sorted(pk for pk in customers if pk not in first_complaint)
    if reference_days:
        for index, pk in enumerate(others):
            references[pk] = ("none", reference_days[(index * 7919) % len(reference_days)])

    groups = {key: RecoveryGroup(key, str(label)) for key, label in RECOVERY_GROUPS.items()}
    followed: dict[int, tuple[datetime.datetime, datetime.datetime]] = {}
    for pk, (group, reference) in references.items():
        created_at, status, churned_at = customers[pk]
        end = reference + window if window else as_of
        if end > as_of or created_at >= reference:
            continue
        gone = status == CustomerStatus.CHURNED
        if gone and churned_at is not None and churned_at <= reference:
            continue
        groups[group].customers += 1
        if gone and (churned_at is None or churned_at <= end):
            groups[group].churned += 1
        followed[pk] = (reference, end)

    bought = set()
    purchases = Purchase.objects.filter(
        organization=organization, customer_id__in=list(followed)
    ).values_list("customer_id", "purchased_on")
    for customer_id, purchased_on in purchases.iterator(chunk_size=10000):
        start, end = followed[customer_id]
        if timezone.localtime(start).date() < purchased_on <= timezone.localtime(end).date():
            bought.add(customer_id)
    from hymy.surveys.choices import QuestionKind
    from hymy.surveys.models import Answer

    answers = (
        Answer.objects.filter(organization=organization, question__kind=QuestionKind.NPS, score__isnull=False)
        .filter(~Q(response__customer_id=None), response__customer_id__in=list(followed))
        .order_by("response__started_at", "pk")
        .values_list("response__customer_id", "response__started_at", "score")
    )
    scored = set()
    group_of = {pk: references[pk][0] for pk in followed}
    for customer_id, started_at, score in answers.iterator(chunk_size=10000):
        start, end = followed[customer_id]
        if customer_id not in scored and start < started_at <= end:
            scored.add(customer_id)  # each customer's first answer: one voice each
            groups[group_of[customer_id]].nps_histogram[score] += 1
    for customer_id in bought:
        groups[group_of[customer_id]].repurchased += 1

    none = groups["none"]
    return RecoveryReport(
        groups=list(groups.values()),
        window_days=window_days,
        churn_versus_none={
            key: statistics.share_change(group.churned, group.customers, none.churned, none.customers)
            for key, group in groups.items()
            if key != "none"
        },
        churn_within_versus_never=statistics.share_change(
            groups["within_sla"].churned,
            groups["within_sla"].customers,
            groups["never"].churned,
            groups["never"].customers,
        ),  # fmt: skip
    )
