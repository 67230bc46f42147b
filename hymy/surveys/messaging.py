"""Turning an invitation into an e-mail or a text message, sending it, and keeping a copy in the outbox."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from hymy.core.texts import text_in

from .choices import InvitationChannel, OutboxStatus
from .models import Invitation, OutboxMessage
from .sms import sms_send


def respond_url(invitation: Invitation, score: int | None = None) -> str:
    url = settings.HYMY_BASE_URL + reverse("invitation_open", args=[invitation.token])
    return url if score is None else f"{url}?score={score}"


def invitation_context(invitation: Invitation, *, is_reminder: bool = False) -> dict:
    survey = invitation.survey
    language = invitation.language
    first = survey.questions.first()
    scores = []
    if first is not None and first.is_scored:
        low, high = first.score_range
        scores = [{"value": value, "url": respond_url(invitation, value)} for value in range(low, high + 1)]
    return {
        "invitation": invitation,
        "organization": invitation.organization,
        "customer": invitation.customer,
        "title": survey.title_in(language),
        "intro": text_in(survey.intro, language),
        "question": text_in(first.text, language) if first else "",
        "question_kind": first.kind if first else "",
        "low_label": text_in(first.low_label, language) if first else "",
        "high_label": text_in(first.high_label, language) if first else "",
        "scores": scores,
        "url": respond_url(invitation),
        "is_reminder": is_reminder,
    }


def invitation_message_send(*, invitation: Invitation, is_reminder: bool = False) -> OutboxMessage:
    """Send by the invitation's channel; the outbox keeps what was sent, or why it failed."""
    with translation.override(invitation.language):
        context = invitation_context(invitation, is_reminder=is_reminder)
        if invitation.channel == InvitationChannel.SMS:
            body = render_to_string("surveys/email/invitation_sms.txt", context).strip()
            message = OutboxMessage(
                organization=invitation.organization,
                channel=InvitationChannel.SMS,
                recipient=invitation.customer.phone,
                body_text=body,
                invitation=invitation,
            )
        else:
            subject = render_to_string("surveys/email/invitation_subject.txt", context).strip()
            message = OutboxMessage(
                organization=invitation.organization,
                channel=InvitationChannel.EMAIL,
                recipient=invitation.customer.email,
                subject=subject,
                body_text=render_to_string("surveys/email/invitation.txt", context),
                body_html=render_to_string("surveys/email/invitation.html", context),
                invitation=invitation,
            )
    try:
        if message.channel == InvitationChannel.SMS:
            sms_send(to=message.recipient, body=message.body_text)
        else:
            email = EmailMultiAlternatives(
                message.subject, message.body_text, None, [message.recipient],
                headers={"X-Hymy-Invitation": str(invitation.pk)},
            )  # fmt: skip
            email.attach_alternative(message.body_html, "text/html")
            email.send()
    except Exception as error:
        message.status = OutboxStatus.FAILED
        message.error = str(error)[:2000]
        message.save()
        raise
    message.save()
    return message
