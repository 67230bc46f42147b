"""Fixtures for the surveys tests: surveys made from the ready templates, consenting customers, and a
helper that records an encounter the way staff do, letting the invitation task run when it commits.

The shared fixtures (organisation "Kahvila Aurinko", members of every role, touchpoints `counter`
and `delivery`, the other organisation) come from tests/conftest.py.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone, translation

from hymy.customers import services as customer_services
from hymy.surveys import services
from hymy.surveys.sms import MemorySmsBackend

# 2 November 2026, a Monday, 12:00 in Helsinki: a fixed moment for encounters and responses.
NOON = timezone.make_aware(datetime.datetime(2026, 11, 2, 12, 0))


@pytest.fixture
def contact_policy(organization):
    """The organisation's contact rules with no quiet hours (00:00–00:00), so that whatever the clock
    says when the suite runs, an invitation with no delay is due at once."""
    return services.contact_policy_update(
        organization=organization,
        days_between_invitations=30,
        quiet_hours_start=datetime.time(0, 0),
        quiet_hours_end=datetime.time(0, 0),
    )


def make_customer(organization, owner, name, *, consent=True, **fields):
    if consent:
        fields.update(survey_consent=True, survey_consent_source="in_person")
    return customer_services.customer_create(organization=organization, actor=owner, name=name, **fields)


@pytest.fixture
def consenting(organization, owner):
    """Liisa Lahtinen: e-mail and phone, Finnish, has agreed to be asked for feedback."""
    return make_customer(
        organization, owner, "Liisa Lahtinen", email="liisa@example.fi", phone="040 111 2222", language="fi"
    )


def from_template(organization, template_key, touchpoints=None):
    """A survey from the library, made in English as the café's English-reading staff would make it
    (its name comes from the library in the maker's language; its texts are in all three)."""
    with translation.override("en"):
        return services.survey_create_from_template(
            organization=organization, template_key=template_key, touchpoints=touchpoints
        )


@pytest.fixture
def nps_survey(organization, counter, contact_policy):
    """The NPS template at the counter, inviting right after an encounter."""
    survey = from_template(organization, "nps_after_purchase", [counter])
    return services.survey_update(survey=survey, invite_after_encounters=True, invitation_delay_minutes=0)


@pytest.fixture
def csat_survey(organization, counter, contact_policy):
    """The CSAT template at the counter, inviting right after an encounter."""
    survey = from_template(organization, "csat_after_support", [counter])
    return services.survey_update(survey=survey, invitation_delay_minutes=0)


@pytest.fixture
def record_encounter(organization, owner, counter, django_capture_on_commit_callbacks):
    """`record_encounter(customer, touchpoint=counter, send=True)`: record an encounter through the
    service; with `send`, the commit callbacks run, so the invitation task runs (immediate backend)."""

    def record(customer, touchpoint=None, *, send=True, started_at=None):
        started_at = started_at or timezone.now() - datetime.timedelta(minutes=5)
        with django_capture_on_commit_callbacks(execute=send):
            return customer_services.encounter_create(
                organization=organization,
                actor=owner,
                customer=customer,
                touchpoint=touchpoint or counter,
                started_at=started_at,
            )

    return record


@pytest.fixture
def sms_outbox(settings):
    """Text messages go to the memory backend; its (class-level) list starts empty."""
    settings.SMS_BACKEND = "hymy.surveys.sms.MemorySmsBackend"
    MemorySmsBackend.outbox.clear()
    yield MemorySmsBackend.outbox
    MemorySmsBackend.outbox.clear()


def answered(survey, *, score, followup="", text="", customer=None, touchpoint=None, source="invitation",
             started_at=None, language="fi"):  # fmt: skip
    """A response made with the services: the first question's score and follow-up, and perhaps a
    text answer to the second question."""
    response = services.response_start(
        survey=survey,
        source=source,
        language=language,
        customer=customer,
        touchpoint=touchpoint,
        started_at=started_at,
    )
    questions = list(survey.questions.all())
    services.answer_save(
        response=response, question=questions[0], score=score, followup_text=followup or None
    )
    if text:
        services.answer_save(response=response, question=questions[1], text=text)
    response.refresh_from_db()
    return response


@pytest.fixture
def kuu_survey(other):
    """A survey of the other organisation, with a response and a sent message, for isolation tests."""
    from hymy.surveys.models import OutboxMessage

    survey = from_template(other.organization, "csat_after_support", [other.touchpoint])
    response = answered(survey, score=2, followup="Leipä loppui", customer=other.customer)
    message = OutboxMessage.objects.create(
        organization=other.organization, channel="sms", recipient="+358507654321", body_text="Kuu kysyy"
    )
    widget = services.widget_create(organization=other.organization, name="Kuun verkkosivu", survey=survey)
    return SimpleNamespace(
        survey=survey,
        question=survey.questions.get(),
        response=response,
        message=message,
        customer=other.customer,
        widget=widget,
    )
