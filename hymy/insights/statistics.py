"""Honest metrics: every figure with its sample size, a 95 % interval right for that metric, and a
test of whether a change between two periods is more than chance.

Everything works on score histograms ({score: count}), so that any period's figure can be computed
exactly from summed daily rollups. Pure functions, no database.

Intervals used:
- NPS: the adjusted-Wald interval of Rocks (2016) — add ¾ of a promoter and ¾ of a detractor
  (3 pseudo-answers in all) before the Wald formula; it keeps its coverage at small n.
- Shares (CSAT 4–5, CES easy, smiley positive, yes, response rate): the Wilson score interval.
- Means (CSAT, CES): Student's t interval.
Changes: a z-test on the NPS difference, a two-proportion z-test (Fisher's exact test when counts are
small) and Welch's t-test from summary statistics.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass
from statistics import NormalDist

from scipy import stats as scipy_stats

Z95 = NormalDist().inv_cdf(0.975)
# Below these sizes the screen says in words how little the numbers tell.
TOO_FEW = 10
FEW = 30

Histogram = Mapping[int, int]


@dataclass(frozen=True)
class Estimate:
    """A metric's value with its interval and sample size. `value` is None when there is no data."""

    value: float | None
    low: float | None
    high: float | None
    n: int

    @property
    def is_too_few(self) -> bool:
        return self.n < TOO_FEW

    @property
    def is_few(self) -> bool:
        return self.n < FEW


@dataclass(frozen=True)
class Change:
    """The difference between this period and the previous one, and whether it is more than chance."""

    difference: float | None
    p_value: float | None

    @property
    def is_significant(self) -> bool:
        return self.p_value is not None and self.p_value < 0.05


EMPTY = Estimate(None, None, None, 0)
NO_CHANGE = Change(None, None)


def histogram_merge(*histograms: Histogram) -> dict[int, int]:
    """Sum several histograms: merging two periods' rollups equals counting all their answers."""
    merged: dict[int, int] = {}
    for histogram in histograms:
        for score, count in histogram.items():
            merged[int(score)] = merged.get(int(score), 0) + int(count)
    return merged


def _count(histogram: Histogram, low: int, high: int) -> int:
    return sum(count for score, count in histogram.items() if low <= int(score) <= high)


def _total(histogram: Histogram) -> int:
    return sum(histogram.values())


# --- NPS -------------------------------------------------------------------------------------------


def nps_counts(histogram: Histogram) -> tuple[int, int, int]:
    """(promoters 9–10, passives 7–8, detractors 0–6)."""
    return _count(histogram, 9, 10), _count(histogram, 7, 8), _count(histogram, 0, 6)


def nps(histogram: Histogram) -> Estimate:
    """Net Promoter Score in points (−100…100) with its adjusted-Wald 95 % interval."""
    promoters, passives, detractors = nps_counts(histogram)
    n = promoters + passives + detractors
    if n == 0:
        return EMPTY
    value = 100 * (promoters - detractors) / n
    adjusted_n = n + 3
    p_promoters = (promoters + 0.75) / adjusted_n
    p_detractors = (detractors + 0.75) / adjusted_n
    centre = p_promoters - p_detractors
    variance = (p_promoters + p_detractors - centre**2) / adjusted_n
    margin = Z95 * math.sqrt(variance)
    return Estimate(value, 100 * max(-1.0, centre - margin), 100 * min(1.0, centre + margin), n)


def _nps_variance(histogram: Histogram) -> tuple[float, float, int]:
    promoters, passives, detractors = nps_counts(histogram)
    n = promoters + passives + detractors
    if n == 0:
        return 0.0, 0.0, 0
    p_promoters, p_detractors = promoters / n, detractors / n
    score = p_promoters - p_detractors
    return score, (p_promoters + p_detractors - score**2) / n, n


def nps_change(current: Histogram, previous: Histogram) -> Change:
    """Two-sided z-test on the difference of two independent NPS values (points)."""
    score_now, variance_now, n_now = _nps_variance(current)
    score_before, variance_before, n_before = _nps_variance(previous)
    if not n_now or not n_before:
        return NO_CHANGE
    difference = 100 * (score_now - score_before)
    standard_error = math.sqrt(variance_now + variance_before)
    if standard_error == 0:
        return Change(difference, 1.0 if difference == 0 else 0.0)
    z = (score_now - score_before) / standard_error
    return Change(difference, 2 * (1 - NormalDist().cdf(abs(z))))


# --- Shares ----------------------------------------------------------------------------------------


def share(successes: int, n: int) -> Estimate:
    """A share in per cent with its Wilson score 95 % interval."""
    if n <= 0:
        return EMPTY
    p = successes / n
    denominator = 1 + Z95**2 / n
    centre = (p + Z95**2 / (2 * n)) / denominator
    margin = Z95 * math.sqrt(p * (1 - p) / n + Z95**2 / (4 * n * n)) / denominator
    # At 0 and at n the bounds are exactly 0 and 1; rounding would otherwise leave a hair off them.
    low = 0.0 if successes == 0 else max(0.0, centre - margin)
    high = 1.0 if successes == n else min(1.0, centre + margin)
    return Estimate(100 * p, 100 * low, 100 * high, n)


def share_in_range(histogram: Histogram, low: int, high: int) -> Estimate:
    """The share of answers scored low…high, e.g. CSAT 4–5."""
    return share(_count(histogram, low, high), _total(histogram))


def share_change(successes_now: int, n_now: int, successes_before: int, n_before: int) -> Change:
    """Difference in percentage points; Fisher's exact test when any cell is small, else a z-test."""
    if not n_now or not n_before:
        return NO_CHANGE
    difference = 100 * (successes_now / n_now - successes_before / n_before)
    cells = [successes_now, n_now - successes_now, successes_before, n_before - successes_before]
    if min(cells) < 5:
        _odds, p_value = scipy_stats.fisher_exact([[cells[0], cells[1]], [cells[2], cells[3]]])
        return Change(difference, float(p_value))
    pooled = (successes_now + successes_before) / (n_now + n_before)
    standard_error = math.sqrt(pooled * (1 - pooled) * (1 / n_now + 1 / n_before))
    if standard_error == 0:
        return Change(difference, 1.0)
    z = (successes_now / n_now - successes_before / n_before) / standard_error
    return Change(difference, 2 * (1 - NormalDist().cdf(abs(z))))


def share_in_range_change(current: Histogram, previous: Histogram, low: int, high: int) -> Change:
    return share_change(
        _count(current, low, high), _total(current), _count(previous, low, high), _total(previous)
    )


# --- Means -----------------------------------------------------------------------------------------


def _moments(histogram: Histogram) -> tuple[float, float, int]:
    n = _total(histogram)
    if n == 0:
        return 0.0, 0.0, 0
    average = sum(int(score) * count for score, count in histogram.items()) / n
    if n == 1:
        return average, 0.0, 1
    variance = sum(count * (int(score) - average) ** 2 for score, count in histogram.items()) / (n - 1)
    return average, math.sqrt(variance), n


def mean(histogram: Histogram) -> Estimate:
    """The mean score with Student's t 95 % interval (no interval from a single answer)."""
    average, deviation, n = _moments(histogram)
    if n == 0:
        return EMPTY
    if n == 1:
        return Estimate(average, None, None, 1)
    margin = float(scipy_stats.t.ppf(0.975, n - 1)) * deviation / math.sqrt(n)
    return Estimate(average, average - margin, average + margin, n)


def mean_change(current: Histogram, previous: Histogram) -> Change:
    """Welch's t-test from the two periods' summary statistics."""
    mean_now, deviation_now, n_now = _moments(current)
    mean_before, deviation_before, n_before = _moments(previous)
    if n_now < 2 or n_before < 2:
        return NO_CHANGE
    difference = mean_now - mean_before
    if deviation_now == 0 and deviation_before == 0:
        return Change(difference, 1.0 if difference == 0 else 0.0)
    result = scipy_stats.ttest_ind_from_stats(
        mean_now, deviation_now, n_now, mean_before, deviation_before, n_before, equal_var=False
    )
    return Change(difference, float(result.pvalue))
