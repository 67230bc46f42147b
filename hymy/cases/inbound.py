"""E-mail in: the organisation's IMAP mailbox, polled by a task with the standard library's imaplib.

A new message becomes a case (the customer is matched by the sender's address); a reply threads into
its case by In-Reply-To/References, or by "[#number]" in the subject when it comes from the case's own
address. The mailbox remembers the last UID it read (and the folder's UIDVALIDITY), and a message whose
Message-ID is already in a case is skipped, so polling twice never makes anything twice.
"""

import email
import email.policy
import imaplib
import re
from email.message import EmailMessage
from email.utils import parseaddr, parsedate_to_datetime

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from hymy.surveys.feedback import customer_match

from . import services
from .choices import CaseChannel, CaseKind, CaseStatus
from .mailbox_secret import MailboxPasswordUnreadable
from .models import Case, CaseEvent, InboundMailbox

CASE_NUMBER_IN_SUBJECT = re.compile(r"\[#(\d{1,9})\]")
MESSAGE_ID = re.compile(r"<[^<>\s]+>")
POLL_BATCH = 200
CONNECTION_TEST_TIMEOUT_SECONDS = 10
# Kept in English in the database (the poller has no user); the settings page shows it as stored.
PASSWORD_UNREADABLE = "The stored password cannot be decrypted (SECRET_KEY has changed): enter it again."  # noqa: S105


def _message_ids(value: str | None) -> list[str]:
    return MESSAGE_ID.findall(value or "")


def _body_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        text = part.get_content()
    except (LookupError, UnicodeDecodeError):
        text = part.get_payload(decode=True).decode("utf-8", errors="replace")
    if part.get_content_type() == "text/html":
        text = strip_tags(text)
    # Keep what the customer wrote now, not the quoted history below it.
    lines = [line for line in text.replace("\r\n", "\n").split("\n") if not line.startswith(">")]
    return "\n".join(lines).strip()


def _thread_case(organization, message: EmailMessage, sender: str) -> Case | None:
    """The case this message answers: by its headers, else by [#n] in the subject from the case's own address."""
    ids = _message_ids(message.get("In-Reply-To")) + _message_ids(message.get("References"))
    case = None
    if ids:
        event = (
            CaseEvent.objects.filter(organization=organization, message_id__in=ids)
            .select_related("case")
            .first()
        )
        case = (
            event.case
            if event
            else Case.objects.filter(organization=organization, thread_message_id__in=ids).first()
        )
    if case is None:
        match = CASE_NUMBER_IN_SUBJECT.search(message.get("Subject", ""))
        if match:
            candidate = (
                Case.objects.filter(organization=organization, number=int(match.group(1)))
                .select_related("customer")
                .first()
            )
            # Anyone can type a case number: only the case's own address may add to it this way.
            if candidate is not None and candidate.reply_address.lower() == sender.lower():
                case = candidate
    # A message to a merged duplicate belongs to the case it was merged into.
    seen = set()
    while (
        case is not None and case.status == CaseStatus.MERGED and case.merged_into_id and case.pk not in seen
    ):
        seen.add(case.pk)
        case = case.merged_into
    return case


def _attachments_save(case: Case, message: EmailMessage) -> None:
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True) or b""
        if not payload or len(payload) > settings.CASE_ATTACHMENT_MAX_BYTES:
            continue
        upload = SimpleUploadedFile(part.get_filename() or "attachment", payload, part.get_content_type())
        services.case_attachment_add(case=case, actor=None, uploaded_file=upload)


@transaction.atomic
def inbound_message_process(*, mailbox: InboundMailbox, raw: bytes) -> Case | None:
    """One e-mail from the mailbox: a new case, or a message in the case it answers."""
    organization = mailbox.organization
    message = email.message_from_bytes(raw, policy=email.policy.default)
    message_id = (_message_ids(message.get("Message-ID")) or [""])[0]
    if message_id and CaseEvent.objects.filter(organization=organization, message_id=message_id).exists():
        return None
    name, sender = parseaddr(str(message.get("From", "")))
    sender = sender.strip()
    if not sender or sender.lower() == mailbox.address.lower():
        return None  # Our own messages (a copy to the mailbox) are not the customer's.
    try:
        received = parsedate_to_datetime(message.get("Date")) if message.get("Date") else None
    except (TypeError, ValueError):
        received = None
    received = min(received, timezone.now()) if received and timezone.is_aware(received) else timezone.now()
    body = _body_text(message)
    case = _thread_case(organization, message, sender)
    if case is not None:
        services.case_customer_message_add(case=case, body=body, message_id=message_id, received_at=received)
    else:
        customer = customer_match(organization=organization, email=sender)
        subject = str(message.get("Subject", "")).strip()
        case = services.case_create(
            organization=organization,
            actor=None,
            kind=CaseKind.INQUIRY,
            title=subject or body[:80] or sender,
            description=body,
            channel=CaseChannel.EMAIL,
            customer=customer,
            contact_email="" if customer else sender,
            message_id=message_id,
            created_at=received,
        )
    _attachments_save(case, message)
    return case


def _login(imap: imaplib.IMAP4, username: str, password: str) -> None:
    """LOGIN takes only ASCII; a password with ä or € goes by AUTHENTICATE PLAIN, which is UTF-8."""
    if (username + password).isascii():
        imap.login(username, password)
    else:
        imap.authenticate("PLAIN", lambda _challenge: f"\0{username}\0{password}".encode())


def mailbox_poll(*, mailbox: InboundMailbox) -> int:
    """Read the messages that arrived since the last poll; returns how many were processed."""
    connection_class = imaplib.IMAP4_SSL if mailbox.use_ssl else imaplib.IMAP4
    processed = 0
    mailbox.last_error = ""
    try:
        password = mailbox.password
    except MailboxPasswordUnreadable:
        mailbox.last_error = PASSWORD_UNREADABLE
        mailbox.last_polled_at = timezone.now()
        mailbox.save(update_fields=["last_polled_at", "last_error"])
        return 0
    try:
        with connection_class(mailbox.host, mailbox.port, timeout=30) as imap:
            _login(imap, mailbox.username, password)
            imap.select(mailbox.folder, readonly=True)
            validity = int((imap.response("UIDVALIDITY")[1] or [b"0"])[0] or 0)
            if validity != mailbox.uid_validity:
                # The folder was rebuilt: its UIDs mean new messages now (Message-IDs still prevent doubles).
                mailbox.uid_validity, mailbox.last_uid = validity, 0
            _status, data = imap.uid("search", None, f"UID {mailbox.last_uid + 1}:*")
            uids = sorted(int(uid) for uid in (data[0] or b"").split() if int(uid) > mailbox.last_uid)
            for uid in uids[:POLL_BATCH]:
                _status, parts = imap.uid("fetch", str(uid), "(BODY.PEEK[])")
                raw = next((part[1] for part in parts if isinstance(part, tuple)), None)
                if raw is not None:
                    try:
                        inbound_message_process(mailbox=mailbox, raw=raw)
                        processed += 1
                    except Exception as error:  # noqa: BLE001  (one bad message must not stop the mailbox)
                        mailbox.last_error = f"UID {uid}: {error}"[:2000]
                        mailbox.save(update_fields=["last_error"])
                mailbox.last_uid = uid
                mailbox.save(update_fields=["last_uid", "uid_validity"])
    except (OSError, imaplib.IMAP4.error, UnicodeError) as error:
        mailbox.last_error = str(error)[:2000]
    mailbox.last_polled_at = timezone.now()
    mailbox.save(update_fields=["last_uid", "uid_validity", "last_polled_at", "last_error"])
    return processed


def mailboxes_poll() -> int:
    """Poll every active mailbox (run by the task worker or `hymy manage cases_poll_mail` from cron)."""
    return sum(
        mailbox_poll(mailbox=mailbox)
        for mailbox in InboundMailbox.objects.filter(is_active=True).select_related("organization")
    )


def mailbox_connection_test(*, host: str, port: int, use_ssl: bool, username: str, password: str, folder: str):
    """Log in and select the folder, as a poll would, with a short timeout. None when it works, else
    (what failed, the server's or the network's own words)."""
    connection_class = imaplib.IMAP4_SSL if use_ssl else imaplib.IMAP4
    stage = "connect"
    try:
        with connection_class(host, port, timeout=CONNECTION_TEST_TIMEOUT_SECONDS) as imap:
            stage = "login"
            _login(imap, username, password)
            stage = "folder"
            status, data = imap.select(folder, readonly=True)
            if status != "OK":
                return stage, b" ".join(part for part in data if isinstance(part, bytes)).decode(errors="replace")
    except (OSError, imaplib.IMAP4.error, UnicodeError) as error:
        return stage, str(error) or error.__class__.__name__
    return None
