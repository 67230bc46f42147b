"""Encounters and purchases through the API start the touchpoint's surveys as the UI does; batches
are all or nothing; responses from a till count; figures read as on the Figures page; rate limits."""

import datetime

from django.utils import timezone

from hymy.customers import services as customer_services
from hymy.customers.models import Encounter
from hymy.insights.selectors import METRICS_BY_KEY, Period, estimate_of, histogram
from hymy.surveys import services as survey_services
from hymy.surveys.choices import InvitationStatus
from hymy.surveys.models import Invitation, Response
from hymy.tenancy.services import api_key_membership


def _consenting(organization, owner, **fields):
    return customer_services.customer_create(
        organization=organization, actor=owner, name="Kaisa Kanta", email="kaisa@example.fi",
        survey_consent=True, survey_consent_source="web_form", **fields,
    )  # fmt: skip


def test_an_encounter_invites_the_customer_as_the_ui_does(api, organization, owner, counter):
    survey = survey_services.survey_create_from_template(
        organization=organization, template_key="csat_after_support", touchpoints=[counter]
    )
    customer = _consenting(organization, owner, external_id="hd-77")

    response = api.post(
        "/api/v1/encounters",
        {"touchpoint_id": counter.pk, "customer_external_id": "hd-77", "started_at": timezone.now().isoformat(),
         "outcome": "resolved", "summary": "Ticket 4411 closed"},
    )  # fmt: skip

    assert response.status_code == 201, response.content
    encounter = Encounter.objects.get(pk=response.json()["id"])
    assert encounter.customer == customer
    invitation = Invitation.objects.get(encounter=encounter)
    assert invitation.survey == survey
    assert invitation.status == InvitationStatus.SCHEDULED
    assert invitation.scheduled_for >= timezone.now() + datetime.timedelta(minutes=55)


def test_a_purchase_invites_to_nps_two_days_later(api, organization, owner, counter):
    survey_services.survey_create_from_template(
        organization=organization, template_key="nps_after_purchase", touchpoints=[counter]
    )
    customer = _consenting(organization, owner)

    response = api.post(
        "/api/v1/purchases",
        {"customer_id": customer.pk, "touchpoint_id": counter.pk, "purchased_on": str(timezone.localdate()),
         "amount": "59.90", "items": [{"name": "Kahvipaketti", "quantity": 2, "unit_price": "29.95"}]},
    )  # fmt: skip

    assert response.status_code == 201, response.content
    invitation = Invitation.objects.get(purchase_id=response.json()["id"])
    assert invitation.scheduled_for >= timezone.now() + datetime.timedelta(days=2) - datetime.timedelta(
        minutes=5
    )


def test_one_bad_item_records_none_of_the_batch_and_says_which(api, mine):
    before = Encounter.objects.filter(organization=mine.organization).count()
    good = {"touchpoint_id": mine.touchpoint.pk, "started_at": "2026-11-24T10:00:00Z"}
    bad = {**good, "ended_at": "2026-11-24T09:00:00Z"}

    response = api.post("/api/v1/encounters/batch", {"items": [good, good, bad]})

    assert response.status_code == 422
    assert response.json()["field"] == "items.2.ended_at"
    assert Encounter.objects.filter(organization=mine.organization).count() == before


def test_more_than_a_thousand_is_refused(api, mine):
    item = {"touchpoint_id": mine.touchpoint.pk, "started_at": "2026-11-24T10:00:00Z"}

    response = api.post("/api/v1/encounters/batch", {"items": [item] * 1001})

    assert response.status_code == 422
    assert response.json()["field"] == "items"


def test_a_naive_time_is_refused(api, mine):
    response = api.post(
        "/api/v1/encounters", {"touchpoint_id": mine.touchpoint.pk, "started_at": "2026-11-24T10:00"}
    )

    assert response.status_code == 422
    assert response.json()["field"] == "started_at"


def test_smileys_from_a_till_count_in_the_figures(api, organization, counter):
    survey = survey_services.survey_create_from_template(
        organization=organization, template_key="smiley_kiosk", touchpoints=[counter]
    )
    question = survey.questions.order_by("position").first()
    for score in (3, 3, 1):
        response = api.post(
            f"/api/v1/surveys/{survey.pk}/responses",
            {"touchpoint_id": counter.pk, "answers": [{"question_id": question.pk, "score": score}]},
        )
        assert response.status_code == 201, response.content

    assert Response.objects.filter(survey=survey, source="kiosk", touchpoint=counter).count() == 3
    figure = api.get("/api/v1/metrics/smiley", {"touchpoint_id": counter.pk}).json()
    assert figure["n"] == 3
    assert figure["histogram"] == {"1": 1, "3": 2}
    # The same figure as the Figures page computes.
    key = survey.organization.api_keys.first()
    expected = estimate_of(
        METRICS_BY_KEY["smiley"],
        histogram(
            organization=organization, membership=api_key_membership(key=key), spec=METRICS_BY_KEY["smiley"],
            period=Period.last_days(30), touchpoint_id=counter.pk,
        ),
    )  # fmt: skip
    assert (figure["value"], figure["low"], figure["high"]) == (expected.value, expected.low, expected.high)


def test_the_rate_limit_answers_429_with_retry_after(api, settings):
    settings.API_RATE_LIMIT = "3/m"

    answers = [api.get("/api/v1/surveys") for _ in range(4)]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert 1 <= int(answers[-1]["Retry-After"]) <= 60
    assert answers[-1]["Content-Type"] == "application/problem+json"
