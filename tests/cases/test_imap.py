"""E-mail in, against a real IMAP server: each test starts its own dovecot (Debian's dovecot-imapd) on a
free local port with a passwd-file user and a maildir, and puts messages there with IMAP APPEND."""

import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.core import mail

from hymy.cases import services
from hymy.cases.inbound import mailbox_poll
from hymy.cases.models import Case, InboundMailbox

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER, PASSWORD = "palaute@aurinko.test", "salasana-123"

pytestmark = pytest.mark.skipif(
    not os.path.exists(DOVECOT), reason="dovecot is not installed (apt-get install dovecot-imapd)"
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def dovecot():
    """A private dovecot on 127.0.0.1:<free port>; stopped and removed after the test."""
    directory = Path(tempfile.mkdtemp(prefix="hymy-dovecot-"))
    directory.chmod(0o755)
    # Dovecot refuses to run mail processes as root: as root, they run as its own "dovecot" user.
    if os.getuid() == 0:
        account = pwd.getpwnam("dovecot")
        uid, gid, login_user, internal_user = account.pw_uid, account.pw_gid, "dovenull", "dovecot"
    else:
        uid, gid = os.getuid(), os.getgid()
        login_user = internal_user = pwd.getpwuid(uid).pw_name
    for name in ("mail", "home"):
        (directory / name).mkdir()
        os.chown(directory / name, uid, gid)
    port = _free_port()
    (directory / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    config = directory / "dovecot.conf"
    config.write_text(f"""
base_dir = {directory}/run
state_dir = {directory}/state
log_path = {directory}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
default_login_user = {login_user}
default_internal_user = {internal_user}
first_valid_uid = 0
mail_location = maildir:{directory}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {directory}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={directory}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
""")
    subprocess.run([DOVECOT, "-c", str(config)], check=True)  # noqa: S603  (the system's dovecot, our config)
    for _attempt in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield port
    subprocess.run([DOVECOT, "-c", str(config), "stop"], check=False)  # noqa: S603
    shutil.rmtree(directory, ignore_errors=True)


def append(port: int, message: EmailMessage) -> None:
    with imaplib.IMAP4("127.0.0.1", port) as imap:
        imap.login(USER, PASSWORD)
        imap.append("INBOX", None, None, message.as_bytes())


def letter(
    subject: str, body: str, *, sender: str = "Maija Meikäläinen <maija@example.fi>", **headers
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = USER
    message["Subject"] = subject
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message


@pytest.fixture
def mailbox(organization, dovecot):
    return InboundMailbox.objects.create(
        organization=organization, address=USER, host="127.0.0.1", port=dovecot, use_ssl=False,
        username=USER, password=PASSWORD,
    )  # fmt: skip


def test_a_complaint_by_email_becomes_a_case_and_the_customers_reply_threads_into_it(
    mailbox, dovecot, customer, owner, commit
):
    append(
        dovecot,
        letter("Rikkinäinen kahvinkeitin", "Ostamani keitin ei lämpene.", Message_ID="<eka@example.fi>"),
    )
    with commit():
        assert mailbox_poll(mailbox=mailbox) == 1
    case = Case.objects.get()
    assert (case.title, case.channel, case.customer, case.description) == (
        "Rikkinäinen kahvinkeitin",
        "email",
        customer,
        "Ostamani keitin ei lämpene.",
    )
    acknowledgement = mail.outbox[-1]
    assert acknowledgement.extra_headers["In-Reply-To"] == "<eka@example.fi>"
    assert acknowledgement.from_email == f"Kahvila Aurinko <{USER}>"

    with commit():
        services.case_reply(case=case, actor=owner, body="Lähettäkää kuva kuitista.", via="email")
    services.case_status_set(case=case, actor=owner, status="waiting")
    reply_id = mail.outbox[-1].extra_headers["Message-ID"]
    # The customer's mail program answers with the headers; the subject says Re: and the number.
    append(dovecot, letter("Re: [#1] Rikkinäinen kahvinkeitin", "> vanha\nTässä kuva.",
                           Message_ID="<toka@example.fi>", In_Reply_To=reply_id, References=f"<eka@example.fi> {reply_id}"))  # fmt: skip
    assert mailbox_poll(mailbox=mailbox) == 1
    assert mailbox_poll(mailbox=mailbox) == 0  # nothing twice

    case.refresh_from_db()
    assert Case.objects.count() == 1
    message = case.events.get(kind="customer_message")
    assert (message.body, message.message_id) == ("Tässä kuva.", "<toka@example.fi>")
    assert case.status == "in_progress"  # no longer waiting: the clock runs again


def test_the_case_number_in_the_subject_threads_only_from_the_cases_own_address(mailbox, dovecot, open_case):
    case = open_case()
    append(dovecot, letter("Re: [#1] Kahvi", "Vielä yksi asia.", Message_ID="<a@example.fi>"))
    append(
        dovecot,
        letter("[#1] Kahvi", "Minäkin haluan!", sender="outo@example.com", Message_ID="<b@example.com>"),
    )
    assert mailbox_poll(mailbox=mailbox) == 2

    assert case.events.filter(kind="customer_message").get().body == "Vielä yksi asia."
    stranger = Case.objects.exclude(pk=case.pk).get()
    assert (stranger.customer, stranger.contact_email, stranger.number) == (None, "outo@example.com", 2)


def test_an_unreachable_mailbox_keeps_the_reason(organization):
    mailbox = InboundMailbox.objects.create(
        organization=organization, address=USER, host="127.0.0.1", port=_free_port(), use_ssl=False,
        username=USER, password=PASSWORD,
    )  # fmt: skip
    assert mailbox_poll(mailbox=mailbox) == 0
    mailbox.refresh_from_db()
    assert mailbox.last_error and mailbox.last_polled_at is not None
