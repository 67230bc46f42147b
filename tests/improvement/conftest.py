"""Fixtures for the improvement tests: an NPS survey at the café counter and a helper that records
answers on given days (the rollups are kept by the same services the respondents' pages use).

The shared fixtures (organisation "Kahvila Aurinko", members of every role, touchpoints `counter` and
`delivery`, the other organisation) come from tests/conftest.py.
"""

import datetime

import pytest
from django.utils import timezone

from tests.surveys.conftest import answered, from_template


def at_noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


@pytest.fixture
def nps_survey(organization, counter, delivery):
    return from_template(organization, "nps_after_purchase", [counter, delivery])


@pytest.fixture
def answer_nps(nps_survey, counter):
    """`answer_nps(day, scores, touchpoint=counter, comment="")`: one response per score on that day."""

    def make(day: datetime.date, scores, *, touchpoint=None, comment=""):
        return [
            answered(
                nps_survey,
                score=score,
                followup=comment,
                touchpoint=touchpoint or counter,
                started_at=at_noon(day),
                source="public_link",
            )
            for score in scores
        ]

    return make
