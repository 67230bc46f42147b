"""Cases arrive by themselves: a detractor NPS, a low CSAT or an unhappy smiley with a comment opens a
follow-up (rules per organisation); the public feedback page opens one when the customer asks for an
answer; after resolution the customer gets the one-question recovery CSAT, within the contact rules."""

import pytest
from django.core import mail
from django.urls import reverse

from hymy.cases import services
from hymy.cases.models import Case
from hymy.surveys import feedback
from hymy.surveys import services as survey_services
from hymy.surveys.models import Invitation
from tests.surveys.conftest import answered, from_template, make_customer


@pytest.fixture
def no_quiet_hours(organization):
    import datetime

    return survey_services.contact_policy_update(
        organization=organization, days_between_invitations=30,
        quiet_hours_start=datetime.time(0, 0), quiet_hours_end=datetime.time(0, 0),
    )  # fmt: skip


@pytest.fixture
def liisa(organization, owner):
    return make_customer(organization, owner, "Liisa Lahtinen", email="liisa@example.fi", language="fi")


@pytest.fixture
def nps_survey(organization, counter, no_quiet_hours):
    return from_template(organization, "nps_after_purchase", [counter])


def test_a_detractor_opens_a_follow_up_and_its_why_is_added(nps_survey, liisa, counter, commit):
    with commit():
        response = answered(nps_survey, score=3, customer=liisa, touchpoint=counter)
    case = Case.objects.get()
    assert (case.kind, case.channel, case.customer, case.touchpoint, case.source_response) == (
        "follow_up",
        "survey",
        liisa,
        counter,
        response,
    )
    assert case.title == "NPS 3: seuranta – Kassa"  # in the organisation's language
    # The "why?" written after the score is added to the case while it is new; still one case.
    survey_services.answer_save(
        response=response, question=nps_survey.questions.first(), followup_text="Jono oli pitkä"
    )
    case.refresh_from_db()
    assert case.description == "Jono oli pitkä"
    assert Case.objects.count() == 1
    assert mail.outbox[0].to == ["liisa@example.fi"]  # the acknowledgement


@pytest.mark.parametrize("score", [7, 9, 10])
def test_passives_and_promoters_open_nothing(nps_survey, liisa, score):
    answered(nps_survey, score=score, customer=liisa)
    assert not Case.objects.exists()


def test_the_rules_are_the_organisations_own(organization, nps_survey, liisa):
    services.case_settings_update(organization=organization, nps_followup_max=4)
    answered(nps_survey, score=5, customer=liisa)
    assert not Case.objects.exists()
    answered(nps_survey, score=4, customer=liisa)
    assert Case.objects.count() == 1
    services.case_settings_update(organization=organization, nps_followup_max=None)
    answered(nps_survey, score=0, customer=liisa)
    assert Case.objects.count() == 1


def test_a_low_csat_opens_a_follow_up(organization, counter, no_quiet_hours):
    survey = from_template(organization, "csat_after_support", [counter])
    answered(survey, score=3)
    assert not Case.objects.exists()
    answered(survey, score=2)
    assert Case.objects.get().title == "CSAT 2: seuranta – Kassa"


def test_an_unhappy_smiley_opens_a_follow_up_only_with_a_comment(organization, counter, no_quiet_hours):
    survey = from_template(organization, "smiley_kiosk", [counter])
    answered(survey, score=1, source="kiosk")
    assert not Case.objects.exists()
    answered(survey, score=1, followup="Kahvi loppui kesken", source="kiosk")
    case = Case.objects.get()
    assert (case.description, case.customer) == ("Kahvi loppui kesken", None)


def test_the_feedback_page_opens_a_case_when_the_customer_asks_for_an_answer(client, organization, commit):
    page = feedback.feedback_survey_get_or_create(organization=organization)
    url = reverse("feedback_page", args=[page.public_token])
    form = {
        "text": "Kuka vastaa takuuasioista?",
        "name": "Ville",
        "contact": "ville@example.fi",
        "website": "",
        "submission": "",
    }

    client.post(url, form)
    assert not Case.objects.exists()
    with commit():
        client.post(url, {**form, "may_contact": "on", "score": "1"})
    case = Case.objects.get()
    assert (case.kind, case.channel, case.description) == ("complaint", "web", "Kuka vastaa takuuasioista?")
    assert case.customer.email == "ville@example.fi"
    assert mail.outbox[-1].to == ["ville@example.fi"]


def test_after_resolution_the_recovery_csat_is_sent_and_its_answer_opens_no_case(
    organization, owner, liisa, no_quiet_hours, commit
):
    case = services.case_create(
        organization=organization, actor=owner, title="Laskussa virhe", customer=liisa, kind="complaint"
    )
    with commit():
        services.case_status_set(case=case, actor=owner, status="resolved", resolution="Lasku korjattu")
    invitation = Invitation.objects.get()
    case.refresh_from_db()

    assert case.recovery_invitation == invitation and invitation.status == "sent"
    sent = [message for message in mail.outbox if "Kuinka hyvin korjasimme asiasi?" in message.body]
    assert [message.to for message in sent] == [["liisa@example.fi"]]
    survey = invitation.survey
    response = survey_services.response_start(
        survey=survey, source="invitation", language="fi", invitation=invitation
    )
    survey_services.answer_save(response=response, question=survey.questions.get(), score=1)
    assert Case.objects.count() == 1  # a low recovery score is measured, it opens no new case


def test_the_recovery_csat_respects_the_contact_rules(organization, owner, no_quiet_hours, commit):
    no_consent = make_customer(organization, owner, "Kalle Kielto", consent=False, email="kalle@example.fi")
    case = services.case_create(organization=organization, actor=owner, title="Lasku", customer=no_consent)
    with commit():
        services.case_status_set(case=case, actor=owner, status="resolved", resolution="Korjattu")
    invitation = Invitation.objects.get()
    assert (invitation.status, invitation.skip_reason) == ("not_sent", "no_consent")
    assert case.events.filter(kind="recovery_survey", data__reason="no_consent").exists()
