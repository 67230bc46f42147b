"""The loop closes, end to end, in a real browser over real SMTP (aiosmtpd):

a detractor answers the NPS invitation → a follow-up case opens and is routed to the support team →
the customer is acknowledged → staff answer from a reply template by e-mail (threaded) → staff resolve
the case → the one-question recovery CSAT goes to the customer → she answers it."""

import datetime
import email
import email.policy
import re

import pytest
from playwright.sync_api import expect

from .conftest import sign_in
from .test_survey_email import nps_at_checkout, smtp_inbox  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def _messages(inbox):
    return [
        email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        for envelope in inbox.envelopes
    ]


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def test_detractor_follow_up_routed_answered_resolved_and_recovery_csat_answered(
    open_page,
    live_server,
    settings,
    shop,
    nps_at_checkout,  # noqa: F811
    smtp_inbox,  # noqa: F811
):
    from django.utils import timezone

    from hymy.cases.models import Case, ReplyTemplate, RoutingRule, Team
    from hymy.customers.services import customer_create, encounter_create
    from hymy.surveys import services as survey_services
    from hymy.surveys.models import Response

    settings.HYMY_BASE_URL = live_server.url
    organization, owner = shop["organization"], shop["user"]
    # The organisation allows asking again at once, so the recovery survey may follow the NPS invitation.
    survey_services.contact_policy_update(organization=organization, days_between_invitations=0,
                                          quiet_hours_start=datetime.time(0, 0), quiet_hours_end=datetime.time(0, 0))  # fmt: skip
    team = Team.objects.create(organization=organization, name="Support")
    team.members.add(owner)
    RoutingRule.objects.create(organization=organization, name="Checkout to support", touchpoint=shop["touchpoint"],
                               assign_team=team)  # fmt: skip
    ReplyTemplate.objects.create(organization=organization, name="Apology", body={
        "en": "Dear {name}, we are sorry. We have looked into case {case_number} and will reprint your photos today.",
        "fi": "Hei {name}, pahoittelemme.",
    })  # fmt: skip
    helen = customer_create(organization=organization, actor=owner, name="Helen Hughes", email="helen@example.co.uk",
                            language="en", survey_consent=True, survey_consent_source="web_form")  # fmt: skip

    encounter_create(organization=organization, actor=owner, customer=helen, touchpoint=shop["touchpoint"],
                     started_at=timezone.now())  # fmt: skip
    invitation_mail = _messages(smtp_inbox)[0]
    link = re.findall(r'<a href="([^"]+)"', invitation_mail.get_body(preferencelist=("html",)).get_content())[
        2
    ]

    # Helen gives a 2 and says why.
    customer_page = open_page()
    customer_page.goto(link)
    customer_page.locator("#id_followup_text").fill("My prints were a day late and blurry.")
    customer_page.get_by_role("button", name="Next").click()
    customer_page.locator("#id_text").fill("Nothing much.")
    customer_page.get_by_role("button", name="Next").click()
    expect(customer_page.get_by_role("heading", level=1)).to_contain_text("Thank you")

    case = Case.objects.get()
    assert (case.kind, case.team, case.customer) == ("follow_up", team, helen)
    assert "My prints were a day late and blurry." in case.description
    acknowledgement = _messages(smtp_inbox)[-1]
    assert acknowledgement["To"] == "helen@example.co.uk"
    assert acknowledgement["Subject"] == f"[#{case.number}] {case.title}"
    assert f"#{case.number}" in _text(acknowledgement)

    # Staff find the case in the list, answer from the template and resolve it.
    staff = open_page()
    sign_in(staff, owner.email)
    staff.goto(f"/o/{organization.slug}/cases/?status=open")
    staff.get_by_role("link", name=case.title).click()
    expect(staff.get_by_role("heading", level=1)).to_have_text(f"#{case.number} {case.title}")
    staff.get_by_role("link", name="Apology").click()
    expect(staff.locator("#reply_body")).to_have_value(
        f"Dear Helen Hughes, we are sorry. We have looked into case #{case.number} and will reprint your photos today."
    )
    staff.get_by_role("button", name="Send reply").click()
    expect(staff.locator("ul.messages")).to_contain_text("Reply saved.")

    reply = _messages(smtp_inbox)[-1]
    assert _text(reply).startswith("Dear Helen Hughes, we are sorry.")
    assert reply["In-Reply-To"] == acknowledgement["Message-ID"]
    assert "Helen" not in reply["From"] and "Valokuvaamo Kuva" in reply["From"]

    staff.locator("summary", has_text="Status").click()
    staff.locator("#status_status").select_option("resolved")
    staff.locator("#status_resolution").fill("Reprinted and sent by courier.")
    staff.get_by_role("button", name="Change status").click()
    expect(staff.locator("ul.messages")).to_contain_text("Status changed.")
    case.refresh_from_db()
    assert case.status == "resolved" and case.recovery_invitation is not None

    # The recovery CSAT arrives; Helen answers 5 from the e-mail.
    recovery = _messages(smtp_inbox)[-1]
    assert recovery["To"] == "helen@example.co.uk"
    html = recovery.get_body(preferencelist=("html",)).get_content()
    assert "How well did we fix this?" in html
    scores = re.findall(r'<a href="([^"]+)"', html)
    customer_page.goto(scores[-1])
    expect(customer_page.get_by_role("heading", level=1)).to_contain_text("Thank you")

    answer = Response.objects.get(invitation=case.recovery_invitation).answers.get()
    assert answer.score == 5
    assert Case.objects.count() == 1
