"""The touchpoint priority matrix: how important each touchpoint is against how well it performs.

Importance comes from two places, both shown:
- the organisation's own priority rank (seed 000: "the food matters more than the music");
- how strongly customers' scores at the touchpoint go together with their NPS (Spearman's rank
  correlation over customers who answered both), once enough customers have.

Performance puts every scored answer on one scale — 0 % for the lowest score a question allows,
100 % for the highest — so that a CSAT at the call centre and an NPS at the shop can stand side by side.
"""

from dataclasses import dataclass

from django.db.models import Sum
from scipy import stats as scipy_stats

from hymy.journeys.choices import Tier
from hymy.journeys.models import Touchpoint
from hymy.surveys.choices import SCORE_RANGES, QuestionKind
from hymy.surveys.models import Answer
from hymy.tenancy.models import Membership, Organization

from . import statistics
from .models import DailyScoreCount
from .selectors import Period

# Below this many customers with both answers the derived importance is not shown.
MIN_PAIRS = 30
# Performance at or above this position on the scale counts as strong in the matrix.
STRONG_PERFORMANCE = 70.0


@dataclass
class MatrixRow:
    touchpoint: Touchpoint
    rank_importance: float  # 0…100, from the priority order
    derived_importance: float | None  # 0…100: Spearman's rho × 100, when there are enough pairs
    derived_p_value: float | None
    pairs: int
    performance: statistics.Estimate  # mean position on the scale, 0…100 %

    @property
    def importance(self) -> float:
        return self.derived_importance if self.derived_importance is not None else self.rank_importance

    @property
    def quadrant(self) -> str:
        """'fix' (important, weak), 'keep' (important, strong), 'extra' (less important, strong), 'later'."""
        important = self.importance >= 50
        strong = self.performance.value is not None and self.performance.value >= STRONG_PERFORMANCE
        return {(True, False): "fix", (True, True): "keep", (False, True): "extra", (False, False): "later"}[
            (important, strong)
        ]


def _range_of(kind: str, scale_min, scale_max) -> tuple[int, int]:
    if kind == QuestionKind.RATING:
        return (scale_min if scale_min is not None else 1, scale_max or 5)
    return SCORE_RANGES[kind]


def _performance_histograms(organization, membership, period) -> dict[int, dict[float, int]]:
    """Per touchpoint: {position on the scale (0…100): count} from the daily rollups."""
    rows = DailyScoreCount.objects.filter(
        organization=organization, day__gte=period.start, day__lte=period.end, touchpoint__isnull=False
    )
    if membership.is_partner:
        rows = rows.filter(touchpoint__partner_id=membership.partner_id)
    grouped = (
        rows.values_list(
            "touchpoint_id", "question__kind", "question__scale_min", "question__scale_max", "score"
        )
        .annotate(total=Sum("count"))
        .order_by()
    )
    histograms: dict[int, dict[float, int]] = {}
    for touchpoint_id, kind, scale_min, scale_max, score, total in grouped:
        low, high = _range_of(kind, scale_min, scale_max)
        position = 100 * (score - low) / (high - low)
        histogram = histograms.setdefault(touchpoint_id, {})
        histogram[position] = histogram.get(position, 0) + total
    return histograms


def _mean_of(histogram: dict[float, int]) -> statistics.Estimate:
    # statistics.mean works on integer scores; positions are scaled by 100 to keep two decimals exact.
    scaled = {round(position * 100): count for position, count in histogram.items()}
    estimate = statistics.mean(scaled)
    if estimate.value is None:
        return estimate
    scale = 100.0
    return statistics.Estimate(
        estimate.value / scale,
        None if estimate.low is None else max(0.0, estimate.low / scale),
        None if estimate.high is None else min(100.0, estimate.high / scale),
        estimate.n,
    )


def _derived_importance(organization, membership, period) -> dict[int, tuple[float, float, int]]:
    """Per touchpoint: (rho, p, pairs) between customers' scores there and their own NPS."""
    answers = Answer.objects.filter(
        organization=organization,
        score__isnull=False,
        response__customer__isnull=False,
        response__started_at__gte=period.moments[0],
        response__started_at__lt=period.moments[1],
    )
    if membership.is_partner:
        answers = answers.filter(response__touchpoint__partner_id=membership.partner_id)
    nps_by_customer: dict[int, list[int]] = {}
    for customer_id, score in answers.filter(question__kind=QuestionKind.NPS).values_list(
        "response__customer_id", "score"
    ):
        nps_by_customer.setdefault(customer_id, []).append(score)
    scored = answers.filter(response__touchpoint__isnull=False).values_list(
        "response__touchpoint_id", "response__customer_id", "question__kind", "question__scale_min",
        "question__scale_max", "score",
    )  # fmt: skip
    positions: dict[int, dict[int, list[float]]] = {}
    for touchpoint_id, customer_id, kind, scale_min, scale_max, score in scored:
        if customer_id not in nps_by_customer:
            continue
        low, high = _range_of(kind, scale_min, scale_max)
        positions.setdefault(touchpoint_id, {}).setdefault(customer_id, []).append(
            (score - low) / (high - low)
        )
    result = {}
    for touchpoint_id, by_customer in positions.items():
        pairs = [
            (sum(values) / len(values), sum(nps_by_customer[customer]) / len(nps_by_customer[customer]))
            for customer, values in by_customer.items()
        ]
        if len(pairs) < MIN_PAIRS:
            result[touchpoint_id] = (None, None, len(pairs))
            continue
        rho, p_value = scipy_stats.spearmanr([pair[0] for pair in pairs], [pair[1] for pair in pairs])
        rho = 0.0 if rho != rho else float(rho)  # a constant column gives NaN: no relation to see
        result[touchpoint_id] = (rho, float(p_value) if p_value == p_value else 1.0, len(pairs))
    return result


def priority_matrix(*, organization: Organization, membership: Membership, period: Period) -> list[MatrixRow]:
    """Every touchpoint with answers in the period, 'fix first' ones (important and weak) first."""
    touchpoints = list(
        Touchpoint.objects.filter(organization=organization).select_related("partner", "stage")
    )
    if membership.is_partner:
        touchpoints = [tp for tp in touchpoints if tp.partner_id == membership.partner_id]
    histograms = _performance_histograms(organization, membership, period)
    derived = _derived_importance(organization, membership, period)
    ranked = sorted(touchpoints, key=lambda tp: (tp.priority, tp.pk))
    rows = []
    for index, touchpoint in enumerate(ranked):
        if touchpoint.pk not in histograms:
            continue
        rho, p_value, pairs = derived.get(touchpoint.pk, (None, None, 0))
        rows.append(
            MatrixRow(
                touchpoint=touchpoint,
                rank_importance=100 * (1 - index / max(1, len(ranked) - 1)),
                derived_importance=None if rho is None else max(0.0, 100 * rho),
                derived_p_value=p_value,
                pairs=pairs,
                performance=_mean_of(histograms[touchpoint.pk]),
            )
        )
    order = {"fix": 0, "keep": 1, "later": 2, "extra": 3}
    rows.sort(key=lambda row: (order[row.quadrant], row.touchpoint.tier != Tier.CORE, -row.importance))
    return rows

