"""The daily score rollups follow every answer, and a rebuild from raw answers agrees with them."""

import datetime
import random

import pytest
from django.core.management import call_command
from django.utils import timezone

from hymy.insights import statistics
from hymy.insights.models import DailyScoreCount
from hymy.insights.services import rollups_rebuild
from hymy.surveys import services as surveys
from hymy.surveys.choices import ResponseSource


@pytest.fixture
def nps_survey(organization, counter):
    return surveys.survey_create_from_template(
        organization=organization, template_key="nps_after_purchase", touchpoints=[counter]
    )


def _answer(survey, score, *, at=None, source=ResponseSource.PUBLIC_LINK, touchpoint=None):
    response = surveys.response_start(
        survey=survey, source=source, language="fi", touchpoint=touchpoint, started_at=at or timezone.now()
    )
    return surveys.answer_save(response=response, question=survey.questions.first(), score=score)


def _histogram(organization, **cut) -> dict[int, int]:
    rows = DailyScoreCount.objects.filter(organization=organization, **cut)
    histogram: dict[int, int] = {}
    for row in rows:
        histogram[row.score] = histogram.get(row.score, 0) + row.count
    return {score: count for score, count in histogram.items() if count}


def test_each_answer_adds_one_to_its_days_histogram(organization, nps_survey, counter):
    for score in (10, 10, 9, 3):
        _answer(nps_survey, score, touchpoint=counter)

    assert _histogram(organization, touchpoint=counter) == {10: 2, 9: 1, 3: 1}
    assert statistics.nps(_histogram(organization)).value == 50.0


def test_a_changed_score_moves_between_bars(organization, nps_survey):
    answer = _answer(nps_survey, 4)

    surveys.answer_save(response=answer.response, question=answer.question, score=9)
    surveys.answer_save(response=answer.response, question=answer.question, followup_text="Hyvä")

    assert _histogram(organization) == {9: 1}


def test_answers_are_counted_on_their_own_local_day(organization, nps_survey):
    late_evening = timezone.make_aware(datetime.datetime(2026, 11, 24, 23, 30))
    _answer(nps_survey, 10, at=late_evening)

    assert list(DailyScoreCount.objects.values_list("day", "score", "count")) == [
        (datetime.date(2026, 11, 24), 10, 1)
    ]


def test_rebuild_from_raw_answers_equals_the_incremental_state(organization, nps_survey, counter):
    generator = random.Random(5)
    start = timezone.now() - datetime.timedelta(days=40)
    for _ in range(120):
        at = start + datetime.timedelta(hours=generator.randrange(40 * 24))
        answer = _answer(
            nps_survey,
            generator.randint(0, 10),
            at=at,
            source=generator.choice([ResponseSource.PUBLIC_LINK, ResponseSource.KIOSK]),
            touchpoint=generator.choice([counter, None]),
        )
        if generator.random() < 0.2:
            surveys.answer_save(response=answer.response, question=answer.question, score=generator.randint(0, 10))
    incremental = sorted(
        DailyScoreCount.objects.filter(count__gt=0).values_list(
            "day", "touchpoint_id", "channel", "question_id", "score", "count"
        )
    )

    result = rollups_rebuild(organization=organization)

    rebuilt = sorted(
        DailyScoreCount.objects.values_list("day", "touchpoint_id", "channel", "question_id", "score", "count")
    )
    assert result.differences == 0
    assert rebuilt == incremental
    assert sum(row[-1] for row in rebuilt) == 120


def test_rebuild_notices_and_mends_a_wrong_rollup(organization, nps_survey, capsys):
    _answer(nps_survey, 10)
    _answer(nps_survey, 2)
    DailyScoreCount.objects.filter(score=10).update(count=7)

    with pytest.raises(SystemExit) as exit_status:
        call_command("insights_rebuild", "--organization", organization.slug, "--check")

    assert exit_status.value.code == 1
    assert "1 bars that differed" in capsys.readouterr().out
    assert _histogram(organization) == {10: 1, 2: 1}
    call_command("insights_rebuild", "--organization", organization.slug, "--check")
