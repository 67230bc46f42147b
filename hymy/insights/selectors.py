"""Every read of metrics: histograms summed from the daily rollups, scoped to the organisation and,
for partner users, to their partner's touchpoints; turned into estimates by `statistics`."""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, Count, Q, Sum, TextField, When
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hymy.customers.models import Customer
from hymy.journeys.choices import Tier
from hymy.journeys.models import Touchpoint
from hymy.surveys.choices import InvitationStatus, QuestionKind, ResponseSource
from hymy.surveys.models import Answer, Invitation, Question
from hymy.tenancy.models import Membership, Organization

from . import statistics
from .models import DailyScoreCount, MetricTarget


@dataclass(frozen=True)
class MetricSpec:
    """One metric: which questions feed it and how a histogram becomes its figure."""

    key: str
    label: str
    kinds: tuple[str, ...]
    unit: str  # "points", "%" or "mean"
    good_range: tuple[int, int] | None = None  # for shares: which scores count as good


METRICS = [
    MetricSpec("nps", _("NPS"), (QuestionKind.NPS,), "points"),
    MetricSpec("csat", _("Satisfied (CSAT 4–5)"), (QuestionKind.CSAT,), "%", (4, 5)),
    MetricSpec("ces", _("Found it easy (CES 5–7)"), (QuestionKind.CES,), "%", (5, 7)),
    MetricSpec("smiley", _("Happy faces"), (QuestionKind.SMILEY3,), "%", (3, 3)),
    MetricSpec("smiley4", _("Happy faces (4 faces)"), (QuestionKind.SMILEY4,), "%", (3, 4)),
    MetricSpec("yes", _("Yes to the direct questions"), (QuestionKind.YES_NO,), "%", (1, 1)),
]
METRICS_BY_KEY = {metric.key: metric for metric in METRICS}


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    @property
    def previous(self) -> "Period":
        length = self.end - self.start + datetime.timedelta(days=1)
        return Period(self.start - length, self.start - datetime.timedelta(days=1))

    @property
    def moments(self) -> tuple[datetime.datetime, datetime.datetime]:
        """The period as [start, end) moments in the local time zone, so that a range on an indexed
        timestamp column can be used instead of casting every row to a date."""
        zone = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.start, datetime.time.min, tzinfo=zone)
        end = datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
        return start, end

    @classmethod
    def last_days(cls, days: int, *, today: datetime.date | None = None) -> "Period":
        today = today or timezone.localdate()
        return cls(today - datetime.timedelta(days=days - 1), today)


@dataclass
class MetricFigure:
    spec: MetricSpec
    estimate: statistics.Estimate
    change: statistics.Change
    histogram: dict[int, int] = field(default_factory=dict)
    target: MetricTarget | None = None

    @property
    def level(self) -> str:
        """The target level reached ('' when below GOOD), or None when there is no target or too few answers."""
        if self.target is None or self.estimate.value is None or self.estimate.is_too_few:
            return None
        return self.target.level_of(self.estimate.value)


def _rollups(organization: Organization, membership: Membership, period: Period, **cut):
    rows = DailyScoreCount.objects.filter(
        organization=organization, day__gte=period.start, day__lte=period.end
    )
    if membership.is_partner:
        rows = rows.filter(touchpoint__partner_id=membership.partner_id)
    return rows.filter(**_rollup_filters(cut))


# A cut's name → the rollup column it filters; a stage is the stage of the answer's touchpoint.
_ROLLUP_CUTS = {
    "touchpoint_id": "touchpoint_id",
    "channel": "channel",
    "survey_id": "survey_id",
    "stage_id": "touchpoint__stage_id",
    "partner_id": "touchpoint__partner_id",
}


def _rollup_filters(cut: dict) -> dict:
    return {_ROLLUP_CUTS[key]: value for key, value in cut.items() if value}


def histogram(
    *, organization: Organization, membership: Membership, spec: MetricSpec, period: Period, **cut
) -> dict[int, int]:
    """The summed score histogram of one metric over a period and cut.

    Cuts along the rollup's dimensions (touchpoint, stage, partner, survey, channel) sum daily
    histograms; cuts by the respondent (language, customer tag) count the answers themselves.
    """
    if _is_raw(cut):
        rows = _raw_answers(organization, membership, period, **cut).filter(
            question_id__in=_questions_of(organization, spec)
        )
        return dict(rows.values_list("score").annotate(total=Count("id")).order_by())
    rows = _rollups(organization, membership, period, **cut).filter(question__kind__in=spec.kinds)
    return {
        score: total
        for score, total in rows.values_list("score").annotate(total=Sum("count")).order_by()
        if total
    }


# Cuts the daily histograms cannot make: they need the answers (through the response indexes).
RAW_CUTS = {"language", "tag", "staff_id", "attribute"}
_RAW_FILTERS = {
    "touchpoint_id": "response__touchpoint_id",
    "channel": "response__source",
    "survey_id": "response__survey_id",
    "stage_id": "response__touchpoint__stage_id",
    "partner_id": "response__touchpoint__partner_id",
    "language": "response__language",
}


def _is_raw(cut: dict) -> bool:
    return any(cut.get(name) for name in RAW_CUTS)


def _raw_answers(organization: Organization, membership: Membership, period: Period, **cut):
    answers = Answer.objects.filter(
        organization=organization,
        response__organization=organization,  # lets the (organization, started_at) index be used
        score__isnull=False,
        response__started_at__gte=period.moments[0],
        response__started_at__lt=period.moments[1],
    )
    if membership.is_partner:
        answers = answers.filter(response__touchpoint__partner_id=membership.partner_id)
    answers = answers.filter(
        **{_RAW_FILTERS[key]: value for key, value in cut.items() if value and key in _RAW_FILTERS}
    )
    if cut.get("tag"):
        answers = answers.filter(response__customer_id__in=_tagged(organization, cut["tag"]))
    if cut.get("staff_id"):
        answers = answers.filter(_served_by(cut["staff_id"]))
    if cut.get("attribute"):
        answers = _with_attribute(answers, *cut["attribute"])
    return answers


def _questions_of(organization: Organization, spec: MetricSpec) -> list[int]:
    """The ids of the organisation's questions of the metric's kinds, looked up first for the raw answers.

    Joined to the questions and filtered by kind, PostgreSQL takes the metric for one question's worth of
    answers and reads all of them, for every day, before the period's responses: a tag's touchpoint table
    of 30 days took 39 ms instead of 7 ms at 100,000 responses (bench/dashboard_queries)."""
    return list(
        Question.objects.filter(survey__organization=organization, kind__in=spec.kinds).values_list(
            "pk", flat=True
        )
    )


def _tagged(organization: Organization, tag: str):
    """The ids of the organisation's customers with the tag, as a subquery on the customer-tag table.

    The tag's id is looked up first: joined by the tag's name, PostgreSQL cannot tell how many customers
    carry it (the tags table is too small to be analysed) and took 2,421 families for 31, so it walked
    their responses and invitations customer by customer — 10× slower than this at 100,000 responses
    (bench/dashboard_queries). A tag that does not exist matches no one."""
    tag_id = organization.tags.filter(name=tag).values_list("pk", flat=True).first()
    return Customer.tags.through.objects.filter(tag_id=tag_id).values("customer_id")


def _with_attribute(rows, key: str, value: str, *, field: str = "response__customer__attributes"):
    """Rows (answers, or through `field` invitations or customers) of customers whose custom attribute
    `key` is `value` (compared as text, so 3 matches "3")."""
    return rows.alias(segment_value=Cast(KeyTextTransform(key, field), TextField())).filter(
        segment_value=value
    )


def segment_attribute_of(text: str) -> tuple[str, str] | None:
    """`key:value` as (key, value), or None when it is not one (keys never hold a colon)."""
    key, separator, value = text.partition(":")
    if not separator or not key.strip() or len(key) > 60 or len(value) > 200:
        return None
    return key.strip(), value.strip()


def segment_customers(*, organization: Organization, tag: str = "", attribute: tuple[str, str] | None = None):
    """The ids of the organisation's customers in a segment — a tag, a custom attribute's value, or both —
    as a subquery for `customer_id__in`; None when no segment is chosen (everyone).

    A customer is in the segment by their tags and attributes now, not when they bought or answered."""
    if not tag and not attribute:
        return None
    customers = Customer.objects.filter(organization=organization)
    if tag:
        customers = customers.filter(pk__in=_tagged(organization, tag))  # the tag's id first: see _tagged
    if attribute:
        customers = _with_attribute(customers, *attribute, field="attributes")
    return customers.values("pk")


# A customer segment among the custom attributes: a key with at most this many different values
# (a subscription type or a home shop, not a customer number).
SEGMENT_MAX_VALUES = 30
SEGMENT_SAMPLE = 2000  # customers, the latest, whose attributes are looked at for the list


def segment_attributes(*, organization: Organization) -> list[tuple[str, list[str]]]:
    """The custom attributes that divide the organisation's customers into segments, with their values,
    as found among its latest `SEGMENT_SAMPLE` customers (any other `key:value` can still be asked for).

    Counted in the database (jsonb_each_text on PostgreSQL, json_each on SQLite) so that a large register
    is not read into memory.
    """
    # The latest customers show the segments in use; reading every customer's attributes would cost
    # a second at 170,000 customers (measured in bench/dashboard_queries), on every figures page.
    latest = "SELECT attributes FROM customers_customer WHERE organization_id = %s ORDER BY id DESC LIMIT %s"
    if connection.vendor == "postgresql":
        pairs = (
            "SELECT DISTINCT attribute.key, attribute.value FROM"  # noqa: S608  (constant text)
            f" ({latest}) AS customer, jsonb_each_text(customer.attributes) AS attribute"
            " WHERE jsonb_typeof(customer.attributes) = 'object'"
        )
    else:
        pairs = (
            "SELECT DISTINCT attribute.key, CAST(attribute.value AS TEXT) AS value FROM"  # noqa: S608
            f" ({latest}) AS customer, json_each(customer.attributes) AS attribute"
            " WHERE json_type(customer.attributes) = 'object'"
        )
    sql = (
        f"WITH pairs AS ({pairs}) SELECT key, value FROM pairs WHERE key IN"  # noqa: S608  (constant text)
        " (SELECT key FROM pairs GROUP BY key HAVING COUNT(*) <= %s)"
    )
    values: dict[str, set[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [organization.pk, SEGMENT_SAMPLE, SEGMENT_MAX_VALUES])
        for key, value in cursor.fetchall():
            if value not in (None, ""):
                values.setdefault(key, set()).add(str(value))
    return [
        (key, sorted(found, key=str.casefold))
        for key, found in sorted(values.items(), key=lambda item: item[0].casefold())
    ]


def _served_by(staff_id: int) -> Q:
    """Answers about a staff member's work: the encounter they served that led to the invitation,
    or an interview they entered themselves."""
    return Q(response__invitation__encounter__staff_id=staff_id) | Q(response__staff_id=staff_id)


def estimate_of(spec: MetricSpec, histogram_: dict[int, int]) -> statistics.Estimate:
    if spec.key == "nps":
        return statistics.nps(histogram_)
    return statistics.share_in_range(histogram_, *spec.good_range)


def change_of(spec: MetricSpec, current: dict[int, int], previous: dict[int, int]) -> statistics.Change:
    if spec.key == "nps":
        return statistics.nps_change(current, previous)
    return statistics.share_in_range_change(current, previous, *spec.good_range)


def metric_figures(
    *, organization: Organization, membership: Membership, period: Period, **cut
) -> list[MetricFigure]:
    """Every metric that has answers in this period or the previous one, with its change.

    One grouped query gives both periods' histograms of every question kind; one more the targets.
    """
    both = Period(period.previous.start, period.end)
    now_starts = period.moments[0]
    if _is_raw(cut):
        rows = (
            _raw_answers(organization, membership, both, **cut)
            .annotate(is_current=Case(When(response__started_at__gte=now_starts, then=True), default=False))
            .values_list("is_current", "question__kind", "score")
            .annotate(total=Count("id"))
            .order_by()
        )
    else:
        rows = (
            _rollups(organization, membership, both, **cut)
            .annotate(is_current=Case(When(day__gte=period.start, then=True), default=False))
            .values_list("is_current", "question__kind", "score")
            .annotate(total=Sum("count"))
            .order_by()
        )
    histograms: dict[tuple[bool, str], dict[int, int]] = {}
    for is_current, kind, score, total in rows:
        if total:
            bars = histograms.setdefault((bool(is_current), kind), {})
            bars[score] = bars.get(score, 0) + total
    targets = _targets(organization, touchpoint_id=cut.get("touchpoint_id"))
    figures = []
    for spec in METRICS:
        current = _merged(histograms.get((True, kind), {}) for kind in spec.kinds)
        previous = _merged(histograms.get((False, kind), {}) for kind in spec.kinds)
        if not current and not previous:
            continue
        figures.append(
            MetricFigure(
                spec,
                estimate_of(spec, current),
                change_of(spec, current, previous),
                current,
                targets.get((spec.key, cut.get("touchpoint_id"))) or targets.get((spec.key, None)),
            )
        )
    return figures


def _merged(histograms) -> dict[int, int]:
    merged: dict[int, int] = {}
    for histogram_ in histograms:
        for score, total in histogram_.items():
            merged[score] = merged.get(score, 0) + total
    return merged


def _targets(organization: Organization, *, touchpoint_id: int | None = None, every_touchpoint: bool = False):
    """The organisation's targets by (metric, touchpoint id or None), read once for a whole page."""
    targets = MetricTarget.objects.filter(organization=organization)
    if not every_touchpoint:
        targets = targets.filter(Q(touchpoint_id=touchpoint_id) | Q(touchpoint__isnull=True))
    return {(target.metric, target.touchpoint_id): target for target in targets}


def target_for(
    *, organization: Organization, metric: str, touchpoint_id: int | None = None
) -> MetricTarget | None:
    """The touchpoint's own target if it has one, else the organisation's."""
    targets = {
        target.touchpoint_id: target
        for target in MetricTarget.objects.filter(organization=organization, metric=metric).filter(
            Q(touchpoint_id=touchpoint_id) | Q(touchpoint__isnull=True)
        )
    }
    return targets.get(touchpoint_id) or targets.get(None)


def target_list(*, organization: Organization):
    return MetricTarget.objects.filter(organization=organization).select_related("touchpoint")


# A cut's name → the invitation field it filters. The invitation's own language is the respondent's
# language; the staff member is the one who served the encounter that led to the invitation.
_INVITATION_FILTERS = {
    "touchpoint_id": "touchpoint_id",
    "survey_id": "survey_id",
    "stage_id": "touchpoint__stage_id",
    "partner_id": "touchpoint__partner_id",
    "language": "language",
    "staff_id": "encounter__staff_id",
}


def response_rate(
    *, organization: Organization, membership: Membership, period: Period, **cut
) -> statistics.Estimate | None:
    """Answered invitations of those sent in the period (Wilson interval), for the same cut as the
    figures: invitations at the touchpoint, stage, partner or survey, in the language, to the segment's
    customers (tag, attribute), after an encounter the staff member served.

    None when the cut is a channel other than personal invitations: a kiosk, a public link or a widget
    invites nobody, so it has no response rate (the page says so in words).
    """
    if cut.get("channel") and cut["channel"] != ResponseSource.INVITATION:
        return None
    sent = Invitation.objects.filter(
        organization=organization,
        status=InvitationStatus.SENT,
        sent_at__gte=period.moments[0],
        sent_at__lt=period.moments[1],
    )
    if membership.is_partner:
        sent = sent.filter(touchpoint__partner_id=membership.partner_id)
    sent = sent.filter(
        **{
            _INVITATION_FILTERS[key]: value
            for key, value in cut.items()
            if value and key in _INVITATION_FILTERS
        }
    )
    if cut.get("tag"):
        sent = sent.filter(customer_id__in=_tagged(organization, cut["tag"]))
    if cut.get("attribute"):
        sent = _with_attribute(sent, *cut["attribute"], field="customer__attributes")
    # One pass over the (organization, status, sent_at) index, which also holds answered_at.
    counts = sent.aggregate(total=Count("*"), answered=Count("answered_at"))  # COUNT(answered_at): not null
    return statistics.share(counts["answered"], counts["total"])


@dataclass
class TouchpointRow:
    touchpoint: Touchpoint
    estimate: statistics.Estimate
    change: statistics.Change
    target: MetricTarget | None = None
    standing: str = ""  # how it compares, for colouring the journey map (`journey_performance`)

    @property
    def level(self) -> str | None:
        if self.target is None or self.estimate.value is None or self.estimate.is_too_few:
            return None
        return self.target.level_of(self.estimate.value)

    @property
    def is_core_below_target(self) -> bool:
        """Basics first (seeds 000, 001): a core touchpoint under its GOOD level is fixed before any extra."""
        return self.touchpoint.tier == Tier.CORE and self.level == ""


def touchpoint_table(
    *, organization: Organization, membership: Membership, spec: MetricSpec, period: Period, **cut
) -> list[TouchpointRow]:
    """One metric per touchpoint, for the same cut as the figures: core touchpoints below target first,
    then the rest in priority order."""
    current, previous = _per_touchpoint(organization, membership, spec, period, cut)
    touchpoints = Touchpoint.objects.filter(organization=organization).select_related("stage", "partner")
    if membership.is_partner:
        touchpoints = touchpoints.filter(partner_id=membership.partner_id)
    targets = _targets(organization, every_touchpoint=True)
    rows = []
    for touchpoint in touchpoints.order_by("priority", "id"):
        histogram_now = current.get(touchpoint.pk, {})
        if not histogram_now and not previous.get(touchpoint.pk):
            continue
        rows.append(
            TouchpointRow(
                touchpoint,
                estimate_of(spec, histogram_now),
                change_of(spec, histogram_now, previous.get(touchpoint.pk, {})),
                targets.get((spec.key, touchpoint.pk)) or targets.get((spec.key, None)),
            )
        )
    rows.sort(key=lambda row: (not row.is_core_below_target, row.touchpoint.priority))
    return rows


def journey_performance(*, organization: Organization, membership: Membership, period: Period) -> dict:
    """Each touchpoint's main figure for the journey map, with a `standing` that colours it.

    The standing is the target level reached (best, excellent, good, below) when the touchpoint or the
    organisation has a target; without one, whether the touchpoint is clearly better ("above") or worse
    ("under") than the organisation as a whole — its 95 % range lies entirely on one side of the whole's
    figure — or not distinguishable from it ("typical"). Too few answers are "too-few": no colour claims
    what they cannot show.
    """
    for figure in metric_figures(organization=organization, membership=membership, period=period):
        rows = touchpoint_table(
            organization=organization, membership=membership, spec=figure.spec, period=period
        )
        if not rows:
            continue
        whole = figure.estimate.value
        for row in rows:
            row.standing = _standing(row, whole)
        return {
            "spec": figure.spec,
            "whole": figure.estimate,
            "rows": {row.touchpoint.pk: row for row in rows},
        }
    return {}


def _standing(row: TouchpointRow, whole: float | None) -> str:
    estimate = row.estimate
    if estimate.value is None or estimate.is_too_few:
        return "too-few"
    if row.level is not None:
        return row.level or "below"
    if whole is not None and estimate.low is not None and estimate.low > whole:
        return "above"
    if whole is not None and estimate.high is not None and estimate.high < whole:
        return "under"
    return "typical"


def _per_touchpoint(organization, membership, spec, period, cut) -> tuple[dict, dict]:
    """Per touchpoint, the histograms of the period and of the previous one, from one query: summed
    rollups, or for a cut by the respondent (`RAW_CUTS`) the answers themselves."""
    both = Period(period.previous.start, period.end)
    if _is_raw(cut):
        rows = (
            _raw_answers(organization, membership, both, **cut)
            .filter(question_id__in=_questions_of(organization, spec), response__touchpoint__isnull=False)
            .annotate(
                is_current=Case(When(response__started_at__gte=period.moments[0], then=True), default=False)
            )
            .values_list("is_current", "response__touchpoint_id", "score")
            .annotate(total=Count("id"))
            .order_by()
        )
    else:
        rows = (
            _rollups(organization, membership, both, **cut)
            .filter(question__kind__in=spec.kinds, touchpoint__isnull=False)
            .annotate(is_current=Case(When(day__gte=period.start, then=True), default=False))
            .values_list("is_current", "touchpoint_id", "score")
            .annotate(total=Sum("count"))
            .order_by()
        )
    current: dict[int, dict[int, int]] = {}
    previous: dict[int, dict[int, int]] = {}
    for is_current, touchpoint_id, score, total in rows:
        if total:
            (current if is_current else previous).setdefault(touchpoint_id, {})[score] = total
    return current, previous


@dataclass(frozen=True)
class TrendPoint:
    start: datetime.date
    estimate: statistics.Estimate


def trend(
    *,
    organization: Organization,
    membership: Membership,
    spec: MetricSpec,
    period: Period,
    bucket: str = "week",
    **cut,
) -> list[TrendPoint]:
    """The metric per day, week or month over the period, each with its own interval."""
    if _is_raw(cut):
        rows = (
            _raw_answers(organization, membership, period, **cut)
            .filter(question_id__in=_questions_of(organization, spec))
            .annotate(day=TruncDate("response__started_at", tzinfo=timezone.get_current_timezone()))
            .values_list("day", "score")
            .annotate(total=Count("id"))
            .order_by()
        )
    else:
        rows = (
            _rollups(organization, membership, period, **cut)
            .filter(question__kind__in=spec.kinds)
            .values_list("day", "score")
            .annotate(total=Sum("count"))
            .order_by()
        )
    buckets: dict[datetime.date, dict[int, int]] = {}
    for day, score, total in rows:
        start = {"day": day, "week": day - datetime.timedelta(days=day.weekday())}.get(
            bucket, day.replace(day=1)
        )
        histogram_ = buckets.setdefault(start, {})
        histogram_[score] = histogram_.get(score, 0) + total
    return [TrendPoint(start, estimate_of(spec, buckets[start])) for start in sorted(buckets)]


def touchpoint_trend(
    *,
    organization: Organization,
    membership: Membership,
    touchpoint_id: int,
    period: Period,
    bucket: str = "week",
) -> tuple[MetricFigure | None, list[TrendPoint]]:
    """A touchpoint's main metric — the first that has answers there — with its trend, for its own page."""
    for figure in metric_figures(
        organization=organization, membership=membership, period=period, touchpoint_id=touchpoint_id
    ):
        if figure.estimate.n:
            points = trend(
                organization=organization,
                membership=membership,
                spec=figure.spec,
                period=period,
                bucket=bucket,
                touchpoint_id=touchpoint_id,
            )
            return figure, points
    return None, []


def latest_comments(
    *, organization: Organization, membership: Membership, period: Period, limit: int = 8, **cut
) -> list[Answer]:
    """The customers' own words for exactly this slice, newest first (numbers with words, R4.6)."""
    answers = Answer.objects.filter(
        organization=organization,
        # The response's own organisation too, so that its (organization, started_at) index is used.
        response__organization=organization,
        response__started_at__gte=period.moments[0],
        response__started_at__lt=period.moments[1],
    ).filter(~Q(followup_text="") | ~Q(text=""))
    if membership.is_partner:
        answers = answers.filter(response__touchpoint__partner_id=membership.partner_id)
    if cut.get("touchpoint_id"):
        answers = answers.filter(response__touchpoint_id=cut["touchpoint_id"])
    if cut.get("channel"):
        answers = answers.filter(response__source=cut["channel"])
    if cut.get("survey_id"):
        answers = answers.filter(response__survey_id=cut["survey_id"])
    if cut.get("stage_id"):
        answers = answers.filter(response__touchpoint__stage_id=cut["stage_id"])
    if cut.get("partner_id"):
        answers = answers.filter(response__touchpoint__partner_id=cut["partner_id"])
    if cut.get("language"):
        answers = answers.filter(response__language=cut["language"])
    if cut.get("tag"):
        answers = answers.filter(response__customer_id__in=_tagged(organization, cut["tag"]))
    if cut.get("staff_id"):
        answers = answers.filter(_served_by(cut["staff_id"]))
    if cut.get("attribute"):
        answers = _with_attribute(answers, *cut["attribute"])
    # The newest ids first, then those answers with what the page shows of them: joined to the customers
    # in one query, PostgreSQL merged the period's responses with the whole customer table, read in full
    # (7 of 12 ms at 100,000 responses and growing with the register; bench/dashboard_queries).
    newest = list(answers.order_by("-response__started_at", "-id").values_list("pk", flat=True)[:limit])
    shown = Answer.objects.select_related(
        "question", "response", "response__touchpoint", "response__customer"
    ).in_bulk(newest)
    return [shown[pk] for pk in newest]
