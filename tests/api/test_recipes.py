"""The integration recipes of docs/api.md, run as written: the curl commands are read from the
document and run by bash against a live server; then the test checks what a person would see in Hymy."""

import datetime
import json
import os
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from hymy.customers.models import Customer, Encounter, Purchase
from hymy.journeys import services as journey_services
from hymy.surveys import services as survey_services
from hymy.surveys.choices import InvitationStatus
from hymy.surveys.models import Invitation, Response

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("curl") is None, reason="the recipes use curl"),
]


def recipe(name: str) -> str:
    found = re.search(rf"<!-- recipe: {name} -->\s*```sh\n(.*?)```", DOC.read_text(), re.DOTALL)
    assert found, f"docs/api.md has no recipe {name!r}"
    return found.group(1)


def run(name: str, live_server, secret: str, **ids) -> list[dict]:
    """Run the recipe's commands with bash; every curl must succeed. Returns the JSON answers."""
    env = {**os.environ, "HYMY": live_server.url, "KEY": secret, **{k: str(v) for k, v in ids.items()}}
    done = subprocess.run(  # noqa: S603  (bash with a script from our own docs)
        ["/bin/bash", "-euo", "pipefail", "-c", recipe(name)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return [json.loads(line) for line in re.sub(r"}\s*{", "}\n{", done.stdout.strip()).splitlines() if line]


def _touchpoint(organization, name: str, channel: str):
    from hymy.journeys.models import JourneyStage

    first_stage = JourneyStage.objects.filter(organization=organization).order_by("position").first()
    return journey_services.touchpoint_create(
        organization=organization, stage=first_stage, name=name, channel=channel
    )


def test_web_shop_order_becomes_a_purchase_and_an_nps_invitation_two_days_later(
    live_server, make_key, organization
):
    web_shop = _touchpoint(organization, "Verkkokauppa", "web")
    survey = survey_services.survey_create_from_template(
        organization=organization, template_key="nps_after_purchase", touchpoints=[web_shop]
    )
    _key, secret = make_key(["customers:write", "encounters:write"])

    run("web-shop", live_server, secret, WEB_SHOP=web_shop.pk)
    run("web-shop", live_server, secret, WEB_SHOP=web_shop.pk)  # the shop's webhook, retried

    customer = Customer.objects.get(organization=organization, external_id="shop-5521")
    assert customer.email == "liisa.laine@example.fi"
    purchase = Purchase.objects.get(customer=customer)
    assert (purchase.amount, purchase.external_id, len(purchase.items)) == (Decimal("89.90"), "10045", 2)
    invitation = Invitation.objects.get(purchase=purchase)
    assert invitation.survey == survey
    assert invitation.status == InvitationStatus.SCHEDULED
    assert invitation.scheduled_for >= timezone.now() + datetime.timedelta(days=2) - datetime.timedelta(
        minutes=10
    )


def test_till_posts_smileys_that_count_in_the_figures(live_server, make_key, organization, counter):
    survey = survey_services.survey_create_from_template(
        organization=organization, template_key="smiley_kiosk", touchpoints=[counter]
    )
    question = survey.questions.order_by("position").first()
    _key, secret = make_key(["surveys:write", "metrics:read"])

    answers = run(
        "till", live_server, secret, SMILEY_SURVEY=survey.pk, TILL=counter.pk, SMILEY_QUESTION=question.pk
    )

    responses = Response.objects.filter(survey=survey, touchpoint=counter, source="kiosk")
    assert sorted(response.answers.get().score for response in responses) == [1, 3]
    assert responses.filter(has_comment=True).count() == 1
    figure = answers[-1]
    assert (figure["metric"], figure["n"], figure["value"]) == ("smiley", 2, 50.0)


def test_help_desk_closed_tickets_become_encounters_and_csat_invitations(live_server, make_key, organization):
    support = _touchpoint(organization, "Asiakastuki", "email")
    survey = survey_services.survey_create_from_template(
        organization=organization, template_key="csat_after_support", touchpoints=[support]
    )
    _key, secret = make_key(["customers:write", "encounters:write", "surveys:read"])

    answers = run("help-desk", live_server, secret, SUPPORT=support.pk)

    encounter = Encounter.objects.get(touchpoint=support)
    assert (encounter.customer.external_id, encounter.outcome, encounter.channel) == (
        "hd-311",
        "resolved",
        "email",
    )
    invitation = Invitation.objects.get(encounter=encounter)
    assert invitation.survey == survey
    # The ticket closed hours ago, so the invitation an hour after it is due now (unless quiet hours).
    assert invitation.status in (InvitationStatus.SENT, InvitationStatus.SCHEDULED)
    assert invitation.skip_reason == ""
    assert answers[-1] == {"items": [], "next_cursor": None}


def test_help_desk_complaint_becomes_a_case_answered_by_email_and_resolved(
    live_server, make_key, organization, owner
):
    from django.core import mail

    from hymy.cases.models import Case
    from hymy.customers import services as customer_services

    support = _touchpoint(organization, "Asiakastuki", "email")
    customer = customer_services.customer_create(
        organization=organization, actor=owner, name="Matti Virtanen", email="matti.virtanen@example.fi"
    )
    _key, secret = make_key(["cases:write"])

    answers = run("help-desk-case", live_server, secret, SUPPORT=support.pk)

    case = Case.objects.get(organization=organization)
    assert (case.kind, case.priority, case.customer, case.touchpoint) == ("complaint", "high", customer, support)
    assert (case.status, case.resolution) == ("resolved", "The router was replaced.")
    assert case.first_responded_at is not None
    assert answers[-1]["status"] == "resolved" and answers[-1]["id"] == case.pk
    to_customer = [message for message in mail.outbox if message.to == ["matti.virtanen@example.fi"]]
    assert any("A new router is on its way" in message.body for message in to_customer)
