"""E-mail to customers about their case: threaded by Message-ID, In-Reply-To and References, sent in
the organisation's name (also when a partner wrote it), with a copy kept in the surveys app's outbox."""

from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.template.loader import render_to_string
from django.utils import translation

from hymy.surveys.choices import InvitationChannel, OutboxStatus
from hymy.surveys.models import OutboxMessage

from .models import Case, CaseEvent, InboundMailbox


def _from_address(case: Case) -> str:
    mailbox = InboundMailbox.objects.filter(organization_id=case.organization_id, is_active=True).first()
    address = mailbox.address if mailbox else parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return formataddr((case.organization.name, address))


def case_subject(case: Case) -> str:
    """The subject carries the case number, so that a reply finds its case even without headers."""
    return f"[#{case.number}] {case.title}"


def thread_headers(case: Case, event: CaseEvent) -> dict[str, str]:
    earlier = list(
        case.events.filter(created_at__lte=event.created_at)
        .exclude(pk=event.pk)
        .exclude(message_id="")
        .values_list("message_id", flat=True)
    )
    if case.thread_message_id and case.thread_message_id not in earlier:
        earlier.insert(0, case.thread_message_id)
    headers = {"Message-ID": event.message_id, "X-Hymy-Case": str(case.number)}
    if earlier:
        headers["In-Reply-To"] = earlier[-1]
        headers["References"] = " ".join(earlier[-20:])
    return headers


def case_event_email(event: CaseEvent) -> OutboxMessage:
    """Send a reply or acknowledgement to the customer; the outbox keeps it, or why it failed."""
    case = event.case
    with translation.override(case.language):
        body = render_to_string(
            "cases/email/reply.txt", {"case": case, "event": event, "organization": case.organization}
        )
    message = OutboxMessage(
        organization_id=case.organization_id,
        channel=InvitationChannel.EMAIL,
        recipient=case.reply_address,
        subject=case_subject(case),
        body_text=body,
    )
    email = EmailMessage(
        message.subject, body, _from_address(case), [message.recipient],
        headers=thread_headers(case, event), reply_to=[parseaddr(_from_address(case))[1]],
    )  # fmt: skip
    try:
        email.send()
    except Exception as error:
        message.status = OutboxStatus.FAILED
        message.error = str(error)[:2000]
        message.save()
        raise
    message.save()
    return message


def handlers_notify(case: Case, what: str, target: str) -> int:
    """E-mail the case's handlers (its assignee, else its team) about a coming or missed deadline."""
    from django.urls import reverse

    from .choices import SlaTarget

    people = [case.assignee] if case.assignee_id else list(case.team.members.all()) if case.team_id else []
    link = settings.HYMY_BASE_URL + reverse("case_detail", args=[case.organization.slug, case.pk])
    sent = 0
    for person in people:
        if not person.email:
            continue
        with translation.override(person.language):
            context = {"case": case, "what": what, "target": SlaTarget(target).label, "link": link}
            subject = render_to_string("cases/email/deadline_subject.txt", context).strip()
            body = render_to_string("cases/email/deadline.txt", context)
        send_mail(subject, body, None, [person.email])
        sent += 1
    return sent
