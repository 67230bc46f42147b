"""A real webhook receiver for the tests: an HTTP server on 127.0.0.1 in a thread that checks every
signature with the code printed in docs/webhooks.md and answers with the statuses a test asks for.

The shared fixtures (organisation "Kahvila Aurinko", members of every role, the other organisation
"Leipomo Kuu") come from tests/conftest.py.
"""

import email
import email.policy
import json
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from hymy.tenancy.choices import Role
from hymy.webhooks import services

DOCS = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def docs_snippet() -> str:
    """The Python code block that follows the verify-snippet marker in docs/webhooks.md."""
    text = DOCS.read_text()
    after = text[text.index("<!-- verify-snippet") :]
    return re.search(r"```python\n(.*?)```", after, re.S).group(1)


def docs_verifier():
    namespace: dict = {}
    exec(compile(docs_snippet(), str(DOCS), "exec"), namespace)  # noqa: S102  (our own documentation)
    return namespace["verify_hymy_signature"]


class Receiver:
    """Records each request; answers the next status of `answers` (200 when they run out)."""

    def __init__(self):
        self.requests: list[SimpleNamespace] = []
        self.answers: list[int] = []
        # Seconds to wait before answering, and a body to answer instead of the usual one.
        self.delay = 0.0
        self.answer_body: bytes | None = None
        self.secret = ""
        self.verify = docs_verifier()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                signature = self.headers.get("Hymy-Signature", "")
                receiver.requests.append(
                    SimpleNamespace(
                        path=self.path,
                        headers=dict(self.headers),
                        body=body,
                        json=json.loads(body),
                        signature_valid=receiver.verify(body, signature, receiver.secret),
                    )
                )
                status = receiver.answers.pop(0) if receiver.answers else 200
                answer = b'{"ok": true}' if status < 300 else b"Internal trouble, try later"
                if receiver.answer_body is not None:
                    answer = receiver.answer_body
                if receiver.delay:
                    time.sleep(receiver.delay)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hymy/webhook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    @property
    def events(self) -> list[str]:
        return [request.json["type"] for request in self.requests]


@pytest.fixture(autouse=True)
def _private_addresses_allowed(settings):
    """The receiver is on 127.0.0.1, as on a developer's machine."""
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.stop()


@pytest.fixture
def second_receiver():
    receiver = Receiver()
    yield receiver
    receiver.stop()


@pytest.fixture
def subscribe(organization, owner):
    """`subscribe(receiver, events, organization=…, actor=…)`: a webhook made through the service, with the
    receiver told its secret."""
    from hymy.tenancy.models import Membership

    def make(receiver, events, *, organization=organization, actor=None):
        actor = actor or Membership.objects.get(organization=organization, role=Role.OWNER)
        subscription = services.subscription_create(
            organization=organization, actor=actor, url=receiver.url, events=events
        )
        receiver.secret = subscription.secret
        return subscription

    return make


def run_worker():
    """The real task worker, once over every task that is due (as `hymy worker` runs them)."""
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


class Inbox:
    """aiosmtpd handler: keeps every message it is given, parsed."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's hook name)
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_inbox(settings):
    """A real SMTP server on a free local port, with Django's SMTP backend pointed at it."""
    from aiosmtpd.controller import Controller

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield inbox
    controller.stop()
