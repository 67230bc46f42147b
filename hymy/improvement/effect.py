"""Did the action help? The linked metric in a period before the action against an equally long
period after it, from the insights rollups, with n, 95 % intervals and the insights change test.

The reference day is the completion day once the action is done, else its start day. The "after"
period runs from the reference day up to `window_days` days or today, whichever is shorter; the
"before" period has exactly the same length and ends the day before the reference day — so that
weekly rhythms and the number of days weigh the same on both sides.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from hymy.insights import selectors as insights
from hymy.insights import statistics
from hymy.tenancy.models import Membership

from .choices import ActionStatus, Verdict
from .models import ImprovementAction

DEFAULT_WINDOW_DAYS = 30


@dataclass(frozen=True)
class ActionEffect:
    spec: insights.MetricSpec
    reference_day: datetime.date
    before_period: insights.Period | None
    after_period: insights.Period | None
    before: statistics.Estimate
    after: statistics.Estimate
    change: statistics.Change
    verdict: str

    @property
    def verdict_label(self) -> str:
        return Verdict(self.verdict).label

    @property
    def days(self) -> int:
        if self.after_period is None:
            return 0
        return (self.after_period.end - self.after_period.start).days + 1


def reference_day(action: ImprovementAction) -> datetime.date:
    if action.status == ActionStatus.DONE and action.completed_on:
        return action.completed_on
    return action.started_on


def periods_around(
    day: datetime.date, *, today: datetime.date, window_days: int = DEFAULT_WINDOW_DAYS
) -> tuple[insights.Period, insights.Period] | None:
    """(before, after) of equal length around `day`, or None when `day` is still in the future."""
    if day > today:
        return None
    length = min(window_days, (today - day).days + 1)
    after = insights.Period(day, day + datetime.timedelta(days=length - 1))
    return after.previous, after


def verdict_of(before: statistics.Estimate, after: statistics.Estimate, change: statistics.Change) -> str:
    if before.is_too_few or after.is_too_few or change.difference is None:
        return Verdict.TOO_FEW
    if change.is_significant:
        return Verdict.BETTER if change.difference > 0 else Verdict.WORSE
    return Verdict.NO_CLEAR_CHANGE


def action_effect(
    *,
    action: ImprovementAction,
    membership: Membership,
    today: datetime.date | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> ActionEffect:
    """The action's metric before and after, in the action's touchpoint and stage (if it names them)."""
    today = today or timezone.localdate()
    spec = insights.METRICS_BY_KEY.get(action.metric, insights.METRICS[0])
    day = reference_day(action)
    periods = periods_around(day, today=today, window_days=window_days)
    if periods is None:
        return ActionEffect(
            spec, day, None, None, statistics.EMPTY, statistics.EMPTY, statistics.NO_CHANGE, Verdict.NOT_YET
        )
    cut = {"touchpoint_id": action.touchpoint_id, "stage_id": action.stage_id}
    histograms = [
        insights.histogram(
            organization=action.organization, membership=membership, spec=spec, period=period, **cut
        )
        for period in periods
    ]
    before, after = (insights.estimate_of(spec, histogram) for histogram in histograms)
    change = insights.change_of(spec, histograms[1], histograms[0])
    return ActionEffect(
        spec, day, periods[0], periods[1], before, after, change, verdict_of(before, after, change)
    )
