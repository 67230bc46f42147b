"""Did the action help? Hand-computed before/after figures and the verdict in words."""

import datetime
import math

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from hymy.improvement import services
from hymy.improvement.choices import ActionStatus, Verdict
from hymy.improvement.effect import action_effect, periods_around

START = datetime.date(2026, 10, 1)
TODAY = datetime.date(2026, 11, 20)
# NPS −20: 3 promoters, 2 passives, 5 detractors.
BEFORE_SCORES = [10, 10, 9, 8, 7, 6, 5, 3, 2, 0]
# NPS +40: 6 promoters, 2 passives, 2 detractors.
AFTER_SCORES = [10, 10, 10, 10, 9, 9, 8, 7, 6, 5]


def _action(organization, owner, counter, **fields):
    return services.action_create(
        organization=organization, actor=owner, title="Kassalle toinen myyjä ruuhkaan", owner=owner,
        touchpoint=counter, metric="nps", started_on=START, **fields,
    )  # fmt: skip


def _p_value(difference_share: float, variance_sum: float) -> float:
    z = difference_share / math.sqrt(variance_sum)
    return math.erfc(abs(z) / math.sqrt(2))


def test_ten_answers_each_side_is_a_change_within_chance(organization, owner, counter, answer_nps, members):
    answer_nps(START - datetime.timedelta(days=3), BEFORE_SCORES)
    answer_nps(START + datetime.timedelta(days=2), AFTER_SCORES)
    action = _action(organization, owner, counter)

    effect = action_effect(action=action, membership=members["owner"], today=TODAY)

    assert (effect.before.value, effect.before.n) == (-20, 10)
    assert (effect.after.value, effect.after.n) == (40, 10)
    assert effect.change.difference == 60
    # By hand: variances (0.3 + 0.5 − 0.2²)/10 = 0.076 and (0.6 + 0.2 − 0.4²)/10 = 0.064; z = 0.6/√0.14.
    assert math.isclose(effect.change.p_value, _p_value(0.6, 0.14), rel_tol=1e-9)
    assert math.isclose(effect.change.p_value, 0.1088, abs_tol=0.0005)
    assert effect.verdict == Verdict.NO_CLEAR_CHANGE


def test_forty_answers_each_side_show_it_helped(organization, owner, counter, answer_nps, members):
    answer_nps(START - datetime.timedelta(days=1), BEFORE_SCORES * 4)
    answer_nps(START, AFTER_SCORES * 4)
    action = _action(organization, owner, counter)

    effect = action_effect(action=action, membership=members["owner"], today=TODAY)

    assert (effect.before.n, effect.after.n) == (40, 40)
    assert math.isclose(effect.change.p_value, _p_value(0.6, 0.14 / 4), rel_tol=1e-9)
    assert effect.change.p_value < 0.002
    assert effect.verdict == Verdict.BETTER
    with translation.override("fi"):
        assert str(effect.verdict_label) == "Kyllä: parempi, enemmän kuin sattumaa"


def test_a_change_for_the_worse_says_so(organization, owner, counter, answer_nps, members):
    answer_nps(START - datetime.timedelta(days=1), AFTER_SCORES * 4)
    answer_nps(START, BEFORE_SCORES * 4)

    effect = action_effect(
        action=_action(organization, owner, counter), membership=members["owner"], today=TODAY
    )

    assert effect.change.difference == -60
    assert effect.verdict == Verdict.WORSE


def test_nine_answers_are_too_few_to_say(organization, owner, counter, answer_nps, members):
    answer_nps(START - datetime.timedelta(days=1), [0] * 20)
    answer_nps(START, [10] * 9)

    effect = action_effect(
        action=_action(organization, owner, counter), membership=members["owner"], today=TODAY
    )

    assert effect.after.n == 9
    assert effect.verdict == Verdict.TOO_FEW


def test_periods_are_equally_long_and_only_the_actions_touchpoint_counts(
    organization, owner, counter, delivery, answer_nps, members
):
    """Started five days before today: five days after (start … today) against the five days before."""
    today = START + datetime.timedelta(days=4)
    answer_nps(START - datetime.timedelta(days=5), [0] * 10)  # in the before period
    answer_nps(START - datetime.timedelta(days=6), [0] * 10)  # one day too early: not counted
    answer_nps(START + datetime.timedelta(days=4), [10] * 10)  # today: in the after period
    answer_nps(START, [0] * 10, touchpoint=delivery)  # another touchpoint: not counted

    effect = action_effect(
        action=_action(organization, owner, counter), membership=members["owner"], today=today
    )

    assert effect.days == 5
    assert (effect.before_period.start, effect.before_period.end) == (
        START - datetime.timedelta(days=5),
        START - datetime.timedelta(days=1),
    )
    assert (effect.before.value, effect.before.n) == (-100, 10)
    assert (effect.after.value, effect.after.n) == (100, 10)


def test_a_done_action_is_measured_from_its_completion(organization, owner, counter, answer_nps, members):
    completed = START + datetime.timedelta(days=10)
    answer_nps(START, [0] * 10)  # during the work: before completion
    answer_nps(completed, [10] * 10)
    action = _action(organization, owner, counter, status=ActionStatus.DONE, completed_on=completed)

    effect = action_effect(action=action, membership=members["owner"], today=TODAY)

    assert effect.reference_day == completed
    assert (effect.before.value, effect.after.value) == (-100, 100)


def test_an_action_starting_later_is_not_measured_yet(organization, owner, counter, members):
    action = _action(organization, owner, counter)

    effect = action_effect(
        action=action, membership=members["owner"], today=START - datetime.timedelta(days=1)
    )

    assert effect.verdict == Verdict.NOT_YET
    assert effect.before.n == effect.after.n == 0


@given(
    day=st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2030, 1, 1)),
    elapsed=st.integers(min_value=0, max_value=400),
    window=st.integers(min_value=1, max_value=365),
)
def test_before_and_after_are_adjacent_and_equally_long(day, elapsed, window):
    before, after = periods_around(day, today=day + datetime.timedelta(days=elapsed), window_days=window)

    assert after.start == day
    assert before.end + datetime.timedelta(days=1) == after.start
    assert (before.end - before.start) == (after.end - after.start)
    assert (after.end - after.start).days + 1 == min(window, elapsed + 1)
    assert after.end <= day + datetime.timedelta(days=elapsed)
