"""Keeping the daily score rollups true: incrementally with every answer, and rebuilt from raw answers."""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F
from django.utils import timezone

from hymy.surveys.models import Answer
from hymy.tenancy.models import Organization

from .models import DailyScoreCount

CutKey = tuple[
    int, datetime.date, int | None, str, int, int, int
]  # org, day, touchpoint, channel, survey, q, score


def _cut(answer: Answer, score: int) -> dict:
    response = answer.response
    return {
        "organization_id": response.organization_id,
        "day": timezone.localdate(response.started_at),
        "touchpoint_id": response.touchpoint_id,
        "channel": response.source,
        "survey_id": response.survey_id,
        "question_id": answer.question_id,
        "score": score,
    }


def _add(cut: dict, amount: int) -> None:
    rows = DailyScoreCount.objects.filter(**cut)
    if rows.update(count=F("count") + amount):
        return
    if amount < 0:
        return  # nothing to take away: the rollup was rebuilt in between
    try:
        with transaction.atomic():
            DailyScoreCount.objects.create(count=amount, **cut)
    except IntegrityError:
        # Another answer created the row first; add to it.
        rows.update(count=F("count") + amount)


def rollup_answer_scored(*, answer: Answer, previous_score: int | None) -> None:
    """Move one answer between histogram bars when its score is given or changed.

    Called by the surveys services inside the answer's own transaction, so the rollup and the
    answers can never disagree.
    """
    if previous_score == answer.score:
        return
    if previous_score is not None:
        _add(_cut(answer, previous_score), -1)
    if answer.score is not None:
        _add(_cut(answer, answer.score), +1)


@dataclass(frozen=True)
class RebuildResult:
    rows: int
    differences: int


def _raw_counts(organization: Organization) -> dict[CutKey, int]:
    """The histogram bars counted from the answers themselves (GROUP BY over raw rows)."""
    answers = Answer.objects.filter(organization=organization, score__isnull=False).select_related("response")
    counts: dict[CutKey, int] = {}
    if connection.vendor == "postgresql":
        # Let the database do the grouping by local day on big organisations.
        from django.db.models.functions import TruncDate

        grouped = (
            answers.annotate(day=TruncDate("response__started_at", tzinfo=timezone.get_current_timezone()))
            .values(
                "day",
                "response__touchpoint_id",
                "response__source",
                "response__survey_id",
                "question_id",
                "score",
            )
            .annotate(count=Count("id"))
        )
        for row in grouped:
            key = (organization.pk, row["day"], row["response__touchpoint_id"], row["response__source"],
                   row["response__survey_id"], row["question_id"], row["score"])  # fmt: skip
            counts[key] = row["count"]
        return counts
    rows = answers.values_list(
        "response__started_at", "response__touchpoint_id", "response__source", "response__survey_id",
        "question_id", "score",
    )  # fmt: skip
    for started_at, touchpoint_id, source, survey_id, question_id, score in rows.iterator(chunk_size=5000):
        key = (
            organization.pk,
            timezone.localdate(started_at),
            touchpoint_id,
            source,
            survey_id,
            question_id,
            score,
        )
        counts[key] = counts.get(key, 0) + 1
    return counts


def _stored_counts(organization: Organization) -> dict[CutKey, int]:
    rows = DailyScoreCount.objects.filter(organization=organization, count__gt=0).values_list(
        "organization_id", "day", "touchpoint_id", "channel", "survey_id", "question_id", "score", "count"
    )
    counts: dict[CutKey, int] = {}
    for row in rows:
        counts[tuple(row[:7])] = counts.get(tuple(row[:7]), 0) + row[7]
    return counts


@transaction.atomic
def rollups_rebuild(*, organization: Organization) -> RebuildResult:
    """Recount the organisation's rollups from its answers; report how many bars differed before."""
    raw = _raw_counts(organization)
    stored = _stored_counts(organization)
    differences = sum(1 for key in raw.keys() | stored.keys() if raw.get(key, 0) != stored.get(key, 0))
    DailyScoreCount.objects.filter(organization=organization).delete()
    DailyScoreCount.objects.bulk_create(
        [
            DailyScoreCount(
                organization_id=key[0],
                day=key[1],
                touchpoint_id=key[2],
                channel=key[3],
                survey_id=key[4],
                question_id=key[5],
                score=key[6],
                count=count,
            )  # fmt: skip
            for key, count in raw.items()
        ],
        batch_size=2000,
    )
    return RebuildResult(rows=len(raw), differences=differences)


def target_set(
    *, organization: Organization, metric: str, touchpoint=None, good: float, excellent: float, best: float
):
    """Set (or replace) the target of a metric for the organisation or one of its touchpoints."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from .models import MetricTarget
    from .selectors import METRICS_BY_KEY

    spec = METRICS_BY_KEY.get(metric)
    errors = {}
    if spec is None:
        errors["metric"] = _("Choose a metric.")
    if touchpoint is not None and touchpoint.organization_id != organization.pk:
        errors["touchpoint"] = _("Choose a touchpoint of this organisation.")
    if not good <= excellent <= best:
        errors["excellent"] = _("The levels must rise: good ≤ excellent ≤ the very best.")
    low, high = (-100, 100) if spec is not None and spec.unit == "points" else (0, 100)
    if any(not low <= value <= high for value in (good, excellent, best)):
        errors["best"] = _("Use values from %(low)s to %(high)s.") % {"low": low, "high": high}
    if errors:
        raise ValidationError(errors)
    target, _created = MetricTarget.objects.update_or_create(
        organization=organization,
        metric=metric,
        touchpoint=touchpoint,
        defaults={"good": good, "excellent": excellent, "best": best},
    )
    return target


def target_delete(*, organization: Organization, pk: int) -> None:
    from .models import MetricTarget

    MetricTarget.objects.filter(organization=organization, pk=pk).delete()


def loyalty_settings_set(*, organization: Organization, actor, churn_after_days: int):
    """Set after how many days without a purchase a customer of this organisation counts as churned."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from .models import CHURN_AFTER_DAYS_MAX, CHURN_AFTER_DAYS_MIN, LoyaltySettings

    if not CHURN_AFTER_DAYS_MIN <= churn_after_days <= CHURN_AFTER_DAYS_MAX:
        raise ValidationError(
            {
                "churn_after_days": _("Use a number of days from %(low)s to %(high)s.")
                % {"low": CHURN_AFTER_DAYS_MIN, "high": CHURN_AFTER_DAYS_MAX}
            }
        )
    loyalty_settings, _created = LoyaltySettings.objects.update_or_create(
        organization=organization, defaults={"churn_after_days": churn_after_days, "changed_by": actor}
    )
    return loyalty_settings
