"""The statistics behind every figure: hand-computed cases, properties, and interval coverage."""

from collections import Counter

import numpy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hymy.insights import statistics as s

nps_answers = st.lists(st.integers(min_value=0, max_value=10), min_size=1, max_size=300)


def _histogram(answers) -> dict[int, int]:
    return dict(Counter(answers))


def test_nps_of_ten_hand_counted_answers():
    # three 10s, two 9s, two 8s, three 0–6: 5 promoters, 3 detractors of 10 → +20
    answers = [10, 10, 10, 9, 9, 8, 8, 6, 3, 0]

    estimate = s.nps(_histogram(answers))

    assert (estimate.value, estimate.n) == (20.0, 10)
    # adjusted Wald: (5.75 − 3.75)/13 = 0.1538 ± 1.96·√((0.4423 + 0.2885 − 0.1538²)/13)
    assert estimate.low == pytest.approx(-30.33, abs=0.01)
    assert estimate.high == pytest.approx(61.10, abs=0.01)
    assert estimate.is_too_few is False and estimate.is_few is True


def test_nps_counts_seven_and_eight_as_passives():
    assert s.nps_counts({7: 4, 8: 1, 9: 2, 6: 1}) == (2, 5, 1)
    assert s.nps({7: 4, 8: 1}).value == 0.0


def test_nps_of_nothing_is_nothing():
    assert s.nps({}) == s.Estimate(None, None, None, 0)


def test_five_answers_are_too_few_to_say_much():
    estimate = s.nps({10: 3, 9: 1, 5: 1})

    assert estimate.value == 60.0
    assert estimate.is_too_few
    assert estimate.high - estimate.low > 70  # the interval says honestly how little five answers tell


def test_csat_share_and_mean_by_hand():
    histogram = {5: 6, 4: 2, 3: 1, 1: 1}  # 8 of 10 satisfied, mean 4.2, sd 1.3166

    satisfied = s.share_in_range(histogram, 4, 5)
    average = s.mean(histogram)

    assert (satisfied.value, satisfied.n) == (80.0, 10)
    assert satisfied.low == pytest.approx(49.02, abs=0.01)
    assert satisfied.high == pytest.approx(94.33, abs=0.01)
    assert average.value == pytest.approx(4.2)
    # 4.2 ± t(0.975, 9) · 1.3166 / √10 = 4.2 ± 0.9419
    assert (average.low, average.high) == (pytest.approx(3.2581, abs=1e-3), pytest.approx(5.1419, abs=1e-3))


def test_single_answer_has_a_mean_but_no_interval():
    assert s.mean({4: 1}) == s.Estimate(4.0, None, None, 1)


@given(nps_answers)
@settings(max_examples=200, deadline=None)
def test_nps_and_its_interval_stay_within_minus_and_plus_hundred(answers):
    estimate = s.nps(_histogram(answers))

    assert -100 <= estimate.low <= estimate.high <= 100
    assert -100 <= estimate.value <= 100


@given(nps_answers, st.integers(min_value=2, max_value=20))
@settings(max_examples=200, deadline=None)
def test_interval_narrows_as_the_sample_grows(answers, factor):
    small = s.nps(_histogram(answers))
    large = s.nps(_histogram(answers * factor))

    assert large.high - large.low < small.high - small.low


@given(nps_answers, nps_answers)
@settings(max_examples=200, deadline=None)
def test_merging_two_periods_equals_counting_all_answers(first, second):
    merged = s.histogram_merge(_histogram(first), _histogram(second))

    assert s.nps(merged) == s.nps(_histogram(first + second))
    assert s.mean(merged).value == pytest.approx(s.mean(_histogram(first + second)).value)


@given(st.integers(min_value=0, max_value=500), st.integers(min_value=1, max_value=500))
@settings(max_examples=300, deadline=None)
def test_wilson_interval_holds_the_share_within_zero_and_hundred(successes, extra):
    n = successes + extra
    estimate = s.share(successes, n)

    assert 0 <= estimate.low <= estimate.value <= estimate.high <= 100


@pytest.mark.parametrize("n", [10, 50, 200])
def test_nps_interval_covers_the_true_nps_about_95_percent_of_the_time(n):
    """Draw many samples from a known population; the interval should hold the truth ~95 % of the time."""
    generator = numpy.random.default_rng(2026)
    population = [0.2, 0.25, 0.55]  # detractors, passives, promoters → true NPS +35
    true_nps = 100 * (population[2] - population[0])
    draws = 4000
    covered = 0
    for counts in generator.multinomial(n, population, size=draws):
        detractors, passives, promoters = (int(count) for count in counts)
        estimate = s.nps({0: detractors, 7: passives, 10: promoters})
        covered += estimate.low <= true_nps <= estimate.high
    assert 0.93 <= covered / draws <= 0.975


def test_wilson_interval_covers_a_true_share_about_95_percent_of_the_time():
    generator = numpy.random.default_rng(7)
    hits = generator.binomial(40, 0.8, size=4000)
    covered = sum(s.share(int(k), 40).low <= 80 <= s.share(int(k), 40).high for k in hits)
    assert 0.93 <= covered / 4000 <= 0.98


def test_a_clear_drop_in_nps_is_significant_and_noise_is_not():
    before = {10: 60, 8: 25, 3: 15}  # +45 from 100 answers
    after = {10: 35, 8: 30, 3: 35}  # 0 from 100 answers
    slightly_different = {10: 58, 8: 27, 3: 15}  # +43

    drop = s.nps_change(after, before)
    noise = s.nps_change(slightly_different, before)

    assert drop.difference == pytest.approx(-45.0) and drop.is_significant
    assert noise.difference == pytest.approx(-2.0) and not noise.is_significant


def test_small_counts_use_the_exact_test():
    change = s.share_change(4, 5, 1, 5)

    assert change.difference == pytest.approx(60.0)
    assert change.p_value == pytest.approx(0.2063, abs=1e-3)  # Fisher's exact, two-sided
    assert not change.is_significant


def test_mean_change_uses_welch():
    change = s.mean_change({5: 40, 4: 40, 2: 20}, {3: 50, 2: 30, 1: 20})

    assert change.difference == pytest.approx(4.0 - 2.3)
    assert change.is_significant


def test_changes_need_data_on_both_sides():
    assert s.nps_change({10: 3}, {}) == s.Change(None, None)
    assert s.mean_change({4: 1}, {4: 5}) == s.Change(None, None)
