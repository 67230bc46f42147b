"""A survey invitation travels by real SMTP and is answered in a real browser.

An encounter at the checkout sends the NPS invitation (no delay) through Django's SMTP backend to a
local aiosmtpd server. The test reads the HTML part as a mail program would, takes the link of one
score and follows it in Chromium: the follow-up, the second question, the thank-you page.
"""

import email
import email.policy
import re
import socket

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


class Inbox:
    """aiosmtpd handler: keeps every message it is given."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's hook name)
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_inbox(settings):
    """A real SMTP server on a free local port, with Django's SMTP backend pointed at it."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    yield inbox
    controller.stop()


@pytest.fixture
def nps_at_checkout(shop):
    """The NPS template at the shop's checkout, inviting right after an encounter, no quiet hours."""
    import datetime

    from hymy.surveys import services

    organization = shop["organization"]
    services.contact_policy_update(
        organization=organization, quiet_hours_start=datetime.time(0, 0), quiet_hours_end=datetime.time(0, 0)
    )
    survey = services.survey_create_from_template(
        organization=organization, template_key="nps_after_purchase", touchpoints=[shop["touchpoint"]]
    )
    return services.survey_update(survey=survey, invite_after_encounters=True, invitation_delay_minutes=0)


def test_invitation_by_smtp_answered_in_the_browser(
    page, live_server, settings, shop, nps_at_checkout, smtp_inbox
):
    from django.utils import timezone

    from hymy.customers.services import customer_create, encounter_create
    from hymy.surveys.models import Invitation, OutboxMessage, Response

    settings.HYMY_BASE_URL = live_server.url
    organization = shop["organization"]
    customer = customer_create(
        organization=organization,
        actor=shop["user"],
        name="Helen Hughes",
        email="helen@example.co.uk",
        language="en",
        survey_consent=True,
        survey_consent_source="web_form",
    )

    encounter_create(
        organization=organization,
        actor=shop["user"],
        customer=customer,
        touchpoint=shop["touchpoint"],
        started_at=timezone.now(),
    )

    invitation = Invitation.objects.get()
    assert (invitation.status, invitation.channel) == ("sent", "email")
    (envelope,) = smtp_inbox.envelopes
    assert envelope.mail_from == "hymy@localhost"
    assert envelope.rcpt_tos == ["helen@example.co.uk"]
    message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    assert message["Subject"] == "How did we do? – Valokuvaamo Kuva"
    assert message["To"] == "helen@example.co.uk"
    assert message["X-Hymy-Invitation"] == str(invitation.pk)
    # SMTP carries lines ending in CRLF.
    text = message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
    html = message.get_body(preferencelist=("html",)).get_content().replace("\r\n", "\n")
    assert text.startswith("Hello Helen Hughes,\n")
    assert "How likely are you to recommend Valokuvaamo Kuva to a friend or colleague?" in html
    links = re.findall(r'<a href="([^"]+)"', html)
    assert links == [f"{live_server.url}/r/{invitation.token}/?score={score}" for score in range(11)]
    assert OutboxMessage.objects.get().body_html == html

    # Helen clicks 3 in her mail program.
    page.goto(links[3])

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("label.question-text")).to_have_text("What went wrong? What should we do better?")
    page.locator("#id_followup_text").fill("The prints were ready a day late.")
    page.get_by_role("button", name="Next").click()

    expect(page.locator("legend.question-text")).to_have_text("What made it a good experience?")
    expect(page.locator("p.progress")).to_have_text("Question 2 of 2")
    page.locator("#id_text").fill("Friendly staff.")
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you! Your answer helps us serve you better."
    )
    expect(page.get_by_role("link", name="Change my answers")).to_be_visible()

    response = Response.objects.get()
    assert (response.invitation_id, response.customer_id, response.touchpoint_id) == (
        invitation.pk,
        customer.pk,
        shop["touchpoint"].pk,
    )
    assert (response.source, response.channel, response.language, response.device) == (
        "invitation",
        "email",
        "en",
        "desktop",
    )
    assert (response.is_complete, response.has_comment) == (True, True)
    answers = list(
        response.answers.order_by("question__position").values_list("score", "followup_text", "text")
    )
    assert answers == [(3, "The prints were ready a day late.", ""), (None, "", "Friendly staff.")]
    invitation.refresh_from_db()
    assert invitation.opened_at is not None
    assert invitation.answered_at is not None
    assert invitation.opened_at <= invitation.answered_at
