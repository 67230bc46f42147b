"""Loyalty metrics (R4.3): repeat purchases, churn, retention by cohort of first purchase, and the NPS
of customers who stayed against those who left — each with its n and an honest interval.

The churn rule. A customer counts as churned on a day when either
- they are marked so (`status` churned) and `churned_at` falls on or before that day (a customer
  marked churned without a date counts as churned on every day), or
- they have bought before and the organisation's churn days (`churn_after_days`: its own setting,
  else `CHURN_AFTER_DAYS_WITHOUT_PURCHASE`, default 365) have passed
  since their latest purchase up to that day: with 365, a customer whose latest purchase was on
  1 March 2025 is churned from 1 March 2026 on, unless they buy again before it.
A customer is *active* on a day when they have bought at least once on or before it and are not
churned by the rule. Customers who have never bought are not part of the purchase-based figures.

Every figure can be cut by customer segment — a tag, a custom attribute's value (`attribute=(key,
value)`), or both — like the figures page: only the segment's customers are counted, by their tags and
attributes now (`selectors.segment_customers`).

Partners see only the touchpoints and customers assigned to them; a share of the whole customer
base would say something about the rest, so every selector here refuses partner users with
`PermissionDenied` (the page answers 403).

Dates are local days (the organisation's time zone, `TIME_ZONE`), like purchase dates.
"""

import bisect
import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Case, Count, Max, Min, Q, Value, When
from django.utils import timezone

from hymy.customers.choices import CustomerStatus
from hymy.customers.models import Customer, Purchase
from hymy.surveys.choices import QuestionKind
from hymy.surveys.models import Answer
from hymy.tenancy.models import Membership, Organization

from . import statistics
from .models import LoyaltySettings
from .selectors import Period, segment_customers

HORIZON_MONTHS = (3, 6, 12)
COHORT_MONTHS = 24


def churn_after_days(organization: Organization) -> int:
    """Days without a purchase after which the organisation's customers count as churned: its own
    setting (`LoyaltySettings`, on the loyalty page) or else `CHURN_AFTER_DAYS_WITHOUT_PURCHASE` (365)."""
    own = LoyaltySettings.objects.filter(organization=organization).values_list("churn_after_days", flat=True)
    return own.first() or settings.CHURN_AFTER_DAYS_WITHOUT_PURCHASE


def _require_whole_organization(membership: Membership) -> None:
    if membership.is_partner:
        raise PermissionDenied


def _in_segment(rows, segment, field: str = "customer_id"):
    """`rows` narrowed to the segment's customers (`segment`: `segment_customers`, None for everyone)."""
    return rows if segment is None else rows.filter(**{f"{field}__in": segment})


def _marked_churned_by(day: datetime.date) -> Q:
    """Customers marked churned on or before `day` (Customer fields)."""
    return Q(status=CustomerStatus.CHURNED) & (Q(churned_at__isnull=True) | Q(churned_at__date__lte=day))


@dataclass(frozen=True)
class RateFigure:
    """A share of customers in a period with its Wilson interval, and its change from the previous period."""

    estimate: statistics.Estimate
    change: statistics.Change
    count: int  # the customers counted in the share (the numerator)


# --- repeat purchases ------------------------------------------------------------------------------


def _repeat_counts(organization: Organization, period: Period, segment=None) -> tuple[int, int]:
    """(repeat buyers, buyers) of a period; one grouped query over the purchases."""
    buyers = (
        _in_segment(Purchase.objects.filter(organization=organization, purchased_on__lte=period.end), segment)
        .values("customer_id")
        .annotate(
            days_in_period=Count("purchased_on", distinct=True, filter=Q(purchased_on__gte=period.start)),
            first_purchase=Min("purchased_on"),
        )
        .filter(days_in_period__gte=1)
        .order_by()
    )
    totals = buyers.aggregate(
        buyers=Count("customer_id"),
        repeat=Count("customer_id", filter=Q(days_in_period__gte=2) | Q(first_purchase__lt=period.start)),
    )
    return totals["repeat"] or 0, totals["buyers"] or 0


def repeat_purchase_rate(
    *,
    organization: Organization,
    membership: Membership,
    period: Period,
    tag: str = "",
    attribute: tuple[str, str] | None = None,
) -> RateFigure:
    """Of the customers who bought in the period, the share who are not one-off buyers.

    n = customers with at least one purchase dated within the period. A customer counts as a repeat
    buyer when they bought on at least two different days within the period, or had bought already
    before it (a returning customer). Several purchases on one day are one visit, not a repeat.
    The interval is Wilson's; the change from the previous period of the same length is tested
    with `statistics.share_change`.
    """
    _require_whole_organization(membership)
    segment = segment_customers(organization=organization, tag=tag, attribute=attribute)
    repeat_now, buyers_now = _repeat_counts(organization, period, segment)
    repeat_before, buyers_before = _repeat_counts(organization, period.previous, segment)
    return RateFigure(
        statistics.share(repeat_now, buyers_now),
        statistics.share_change(repeat_now, buyers_now, repeat_before, buyers_before),
        repeat_now,
    )


# --- churn -----------------------------------------------------------------------------------------


def _churn_counts(organization: Organization, period: Period, days: int, segment=None) -> tuple[int, int]:
    """(churned during the period, active at its start); one grouped query over the customers."""
    start, end = period.start, period.end
    marked_before_start = Q(status=CustomerStatus.CHURNED) & (
        Q(churned_at__isnull=True) | Q(churned_at__date__lt=start)
    )
    active_at_start = (
        _in_segment(Customer.objects.filter(organization=organization), segment, "pk")
        .exclude(marked_before_start)
        .annotate(
            last_before_start=Max("purchases__purchased_on", filter=Q(purchases__purchased_on__lt=start)),
            last_by_end=Max("purchases__purchased_on", filter=Q(purchases__purchased_on__lte=end)),
            is_marked_by_end=Case(
                When(_marked_churned_by(end), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        # Not lapsed on the day before the period: the latest purchase is less than `days` days before it.
        .filter(last_before_start__gte=start - datetime.timedelta(days=days))
        .order_by()
    )
    totals = active_at_start.aggregate(
        active=Count("pk"),
        churned=Count(
            "pk",
            filter=Q(is_marked_by_end=True) | Q(last_by_end__lte=end - datetime.timedelta(days=days)),
        ),
    )
    return totals["churned"] or 0, totals["active"] or 0


def churn_rate(
    *,
    organization: Organization,
    membership: Membership,
    period: Period,
    tag: str = "",
    attribute: tuple[str, str] | None = None,
) -> RateFigure:
    """Of the customers active at the start of the period, the share churned by its end.

    n = customers active on the day before the period starts (they had bought, their latest
    purchase was less than `churn_after_days` days before, and they were not
    marked churned). Churned = churned by the rule (module docstring) on the period's last day:
    marked churned by then, or that many days without a purchase by then. A customer who lapsed
    within the period and bought again before its end is active at the end and so not counted.
    Wilson interval; the change from the previous period is tested with `statistics.share_change`.
    """
    _require_whole_organization(membership)
    days = churn_after_days(organization)
    segment = segment_customers(organization=organization, tag=tag, attribute=attribute)
    churned_now, active_now = _churn_counts(organization, period, days, segment)
    churned_before, active_before = _churn_counts(organization, period.previous, days, segment)
    return RateFigure(
        statistics.share(churned_now, active_now),
        statistics.share_change(churned_now, active_now, churned_before, active_before),
        churned_now,
    )


# --- retention by cohort ---------------------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months later (or earlier), at most the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


@dataclass(frozen=True)
class CohortRow:
    """Customers whose first purchase fell in one month, and how many were still active later.

    `cells` has one entry per horizon in `HORIZON_MONTHS`: the share still active that many months
    after each customer's own first purchase (Wilson interval, n = the cohort), or None while the
    youngest member of the cohort has not reached that age yet.
    """

    month: datetime.date  # the first day of the cohort's month
    n: int
    cells: tuple[statistics.Estimate | None, ...]


def cohort_retention(
    *,
    organization: Organization,
    membership: Membership,
    months: int = COHORT_MONTHS,
    today: datetime.date | None = None,
    tag: str = "",
    attribute: tuple[str, str] | None = None,
) -> list[CohortRow]:
    """Retention by month of first purchase, for the last `months` months (this one included), oldest first.

    A customer's cohort is the month of their first purchase recorded in Hymy. A customer is still
    active h months later when, on the day h calendar months after their first purchase, they are
    active by the churn rule (not marked churned by then, and a purchase within the
    `churn_after_days` days up to that day). A cell is shown only when every member
    of the cohort has reached that day, so a share never mixes observed and unobserved customers.

    Reads one row per purchase day of the customers of these cohorts (and one per customer):
    each customer's own cut-off date is month arithmetic, which SQLite and PostgreSQL spell
    differently, so it is done here rather than in SQL.
    """
    _require_whole_organization(membership)
    today = today or timezone.localdate()
    days = churn_after_days(organization)
    first_month = add_months(today.replace(day=1), -(months - 1))
    segment = segment_customers(organization=organization, tag=tag, attribute=attribute)
    recent = (
        _in_segment(Purchase.objects.filter(organization=organization), segment)
        .values("customer_id")
        .annotate(first_purchase=Min("purchased_on"))
        .filter(first_purchase__gte=first_month)
        .order_by()
        .values("customer_id")
    )
    purchase_days: dict[int, list[datetime.date]] = defaultdict(list)
    rows = (
        Purchase.objects.filter(organization=organization, customer_id__in=recent, purchased_on__lte=today)
        .values_list("customer_id", "purchased_on")
        .distinct()
        .order_by("customer_id", "purchased_on")
    )
    for customer_id, day in rows:
        purchase_days[customer_id].append(day)
    marked = _marked_churn_days(organization, customer_ids=recent)

    members: dict[datetime.date, list[int]] = defaultdict(list)
    for customer_id, history in purchase_days.items():
        members[history[0].replace(day=1)].append(customer_id)

    table = []
    month = first_month
    while month <= today:
        cohort = members.get(month, [])
        cells = []
        for horizon in HORIZON_MONTHS:
            if add_months(_month_end(month), horizon) > today or not cohort:
                cells.append(None)
                continue
            active = 0
            for customer_id in cohort:
                history = purchase_days[customer_id]
                at = add_months(history[0], horizon)
                active += _is_active(history, marked.get(customer_id, _NOT_MARKED), at, days)
            cells.append(statistics.share(active, len(cohort)))
        table.append(CohortRow(month, len(cohort), tuple(cells)))
        month = add_months(month, 1)
    return table


_NOT_MARKED = object()


def _marked_churn_days(organization: Organization, *, customer_ids) -> dict:
    """{customer id: local day marked churned, or None when marked without a date} for churned customers."""
    result = {}
    for customer_id, churned_at in (
        Customer.objects.filter(organization=organization, pk__in=customer_ids, status=CustomerStatus.CHURNED)
        .values_list("pk", "churned_at")
        .order_by()
    ):
        result[customer_id] = timezone.localdate(churned_at) if churned_at else None
    return result


def _is_active(history: list[datetime.date], marked_on, at: datetime.date, days: int) -> bool:
    """Active on day `at`: a purchase on or before it, less than `days` days before it, and not marked churned."""
    if marked_on is not _NOT_MARKED and (marked_on is None or marked_on <= at):
        return False
    position = bisect.bisect_right(history, at)
    if position == 0:
        return False
    return (at - history[position - 1]).days < days


# --- NPS of stayers and leavers --------------------------------------------------------------------


@dataclass(frozen=True)
class StayersAndLeavers:
    """The NPS of customers who stayed and of those who left, and whether they differ more than by chance.

    `change.difference` is leavers minus stayers, in points (negative when leavers were less happy).
    """

    stayers: statistics.Estimate
    leavers: statistics.Estimate
    change: statistics.Change
    stayers_histogram: dict[int, int]
    leavers_histogram: dict[int, int]


def nps_of_stayers_and_leavers(
    *,
    organization: Organization,
    membership: Membership,
    as_of: datetime.date | None = None,
    tag: str = "",
    attribute: tuple[str, str] | None = None,
) -> StayersAndLeavers:
    """Each customer's latest NPS answer — before they churned for those who left — by group.

    Leavers: customers churned by the rule on `as_of` (today): marked churned, or
    `churn_after_days` days without a purchase. Their churn moment is `churned_at`
    for the marked, or the start of the day the days ran out for the lapsed (the earlier if both);
    their latest NPS answer *before* that moment counts, so an exit survey answered after leaving
    does not (a marked churn without a date has no moment: their latest answer counts). Stayers: every
    other customer (customers who never bought can leave only by being marked); their latest NPS
    answer up to `as_of`. Customers without an NPS answer are in neither group; every customer counts
    once, so n is a number of customers. NPS with the adjusted-Wald interval and a z-test of the
    difference (`statistics.nps_change`).
    """
    _require_whole_organization(membership)
    as_of = as_of or timezone.localdate()
    days = churn_after_days(organization)
    until = timezone.make_aware(
        datetime.datetime.combine(as_of + datetime.timedelta(days=1), datetime.time())
    )
    answers = Answer.objects.filter(
        organization=organization,
        question__kind=QuestionKind.NPS,
        score__isnull=False,
        response__customer__isnull=False,
        answered_at__lt=until,
    )
    segment = segment_customers(organization=organization, tag=tag, attribute=attribute)
    answers = _in_segment(answers, segment, "response__customer_id")
    by_customer: dict[int, list[tuple[datetime.datetime, int]]] = defaultdict(list)
    for customer_id, answered_at, score in answers.values_list(
        "response__customer_id", "answered_at", "score"
    ).order_by("response__customer_id", "-answered_at", "-id"):
        by_customer[customer_id].append((answered_at, score))  # newest first

    customers = (
        Customer.objects.filter(organization=organization, pk__in=answers.values("response__customer_id"))
        .annotate(last_purchase=Max("purchases__purchased_on", filter=Q(purchases__purchased_on__lte=as_of)))
        .values_list("pk", "status", "churned_at", "last_purchase")
        .order_by()
    )
    stayers: dict[int, int] = {}
    leavers: dict[int, int] = {}
    for customer_id, status, churned_at, last_purchase in customers:
        moments = []
        is_leaver = False
        if status == CustomerStatus.CHURNED and (
            churned_at is None or timezone.localdate(churned_at) <= as_of
        ):
            is_leaver = True
            if churned_at is not None:
                moments.append(churned_at)
        if last_purchase is not None and (as_of - last_purchase).days >= days:
            is_leaver = True
            lapsed_on = last_purchase + datetime.timedelta(days=days)
            moments.append(timezone.make_aware(datetime.datetime.combine(lapsed_on, datetime.time())))
        cutoff = min(moments) if moments else None
        score = next(
            (
                score
                for answered_at, score in by_customer[customer_id]
                if cutoff is None or answered_at < cutoff
            ),
            None,
        )
        if score is None:
            continue
        group = leavers if is_leaver else stayers
        group[score] = group.get(score, 0) + 1
    return StayersAndLeavers(
        statistics.nps(stayers),
        statistics.nps(leavers),
        statistics.nps_change(leavers, stayers),
        stayers,
        leavers,
    )
