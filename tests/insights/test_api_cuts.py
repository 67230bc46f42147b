"""The metrics API takes the Figures page's customer-segment and staff cuts, with the same numbers."""

import pytest

from hymy.customers.services import customer_create, encounter_create
from hymy.surveys import services as surveys
from hymy.surveys.models import Invitation


@pytest.fixture
def nps_survey(organization, counter):
    return surveys.survey_create_from_template(
        organization=organization, template_key="nps_after_purchase", touchpoints=[counter]
    )


def _answer(survey, score, **response):
    started = surveys.response_start(survey=survey, language="fi", **response)
    surveys.answer_save(response=started, question=survey.questions.first(), score=score)


def test_the_metrics_api_cuts_by_custom_attribute_and_staff_member_as_the_page_does(
    api, owner_client, organization, owner, members, nps_survey, counter, other
):
    from django.utils import timezone

    prepaid = customer_create(
        organization=organization, actor=owner, name="P", attributes={"liittymä": "Prepaid"}
    )
    agent = members["agent"].user
    encounter = encounter_create(
        organization=organization, actor=agent, customer=prepaid, touchpoint=counter,
        started_at=timezone.now(), staff=agent,
    )  # fmt: skip
    invitation = Invitation.objects.create(
        organization=organization, survey=nps_survey, customer=prepaid, channel="email", encounter=encounter,
        scheduled_for=timezone.now(), status="sent", sent_at=timezone.now(),
    )  # fmt: skip
    _answer(nps_survey, 10, source="invitation", invitation=invitation)  # Prepaid, served by the agent
    _answer(nps_survey, 3, source="public_link", touchpoint=counter, customer=prepaid)  # Prepaid
    _answer(nps_survey, 0, source="public_link", touchpoint=counter)  # nobody in particular

    def api_nps(**query):
        figure = api.get("/api/v1/metrics/nps", query)
        assert figure.status_code == 200, figure.content
        return figure.json()["value"], figure.json()["n"]

    def page_nps(**query):
        (nps,) = [
            f
            for f in owner_client.get("/o/aurinko/insights/", query).context["figures"]
            if f.spec.key == "nps"
        ]
        return nps.estimate.value, nps.estimate.n

    # By hand: everyone 10, 3, 0 → −33.3 (n 3); Prepaid 10, 3 → 0 (n 2); the agent's 10 → +100 (n 1).
    assert api_nps() == (pytest.approx(-100 / 3), 3)
    assert api_nps(attribute="liittymä:Prepaid") == (0.0, 2) == page_nps(attribute="liittymä:Prepaid")
    assert api_nps(staff_id=agent.pk) == (100.0, 1) == page_nps(staff=agent.pk)
    assert api.get("/api/v1/metrics/nps", {"attribute": "no colon"}).status_code == 422
    assert api.get("/api/v1/metrics/nps", {"staff_id": other.owner.pk}).status_code == 404
