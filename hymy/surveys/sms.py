"""A small gateway interface for text messages (and later WhatsApp).

`SMS_BACKEND` names the backend class. The console backend prints the message (development and
the demo, where the outbox in the UI shows it too); the HTTP backend posts JSON to a provider's
URL with a bearer token or basic auth, which fits most Finnish SMS gateways' REST APIs.
"""

import base64
import json
import logging
import urllib.request

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """The gateway did not accept the message."""


class ConsoleSmsBackend:
    def send(self, *, to: str, body: str, sender: str) -> str:
        logger.info("SMS to %s from %s: %s", to, sender, body)
        return "console"


class MemorySmsBackend:
    """Keeps messages in a list, for tests."""

    outbox: list[dict] = []

    def send(self, *, to: str, body: str, sender: str) -> str:
        self.outbox.append({"to": to, "body": body, "sender": sender})
        return f"memory-{len(self.outbox)}"


class HttpSmsBackend:
    """POST {"to", "from", "text"} as JSON to SMS_HTTP_URL; 2xx means accepted."""

    def send(self, *, to: str, body: str, sender: str) -> str:
        url = settings.SMS_HTTP_URL
        if not url.startswith(("https://", "http://")):
            raise SmsError("SMS_HTTP_URL must be an http(s) address.")
        request = urllib.request.Request(  # noqa: S310  (scheme checked above)
            url,
            data=json.dumps({"to": to, "from": sender, "text": body}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        if settings.SMS_HTTP_TOKEN:
            request.add_header("Authorization", f"Bearer {settings.SMS_HTTP_TOKEN}")
        elif settings.SMS_HTTP_USER:
            pair = f"{settings.SMS_HTTP_USER}:{settings.SMS_HTTP_PASSWORD}".encode()
            request.add_header("Authorization", "Basic " + base64.b64encode(pair).decode())
        try:
            with urllib.request.urlopen(request, timeout=15) as reply:  # noqa: S310
                return reply.read(200).decode(errors="replace")
        except OSError as error:
            raise SmsError(str(error)) from error


def sms_send(*, to: str, body: str) -> str:
    backend = import_string(settings.SMS_BACKEND)()
    return backend.send(to=to, body=body, sender=settings.SMS_SENDER)
