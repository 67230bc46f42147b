"""The HTTP text-message gateway: what it sends to the provider, and what happens when the provider fails."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from hymy.surveys.sms import HttpSmsBackend, SmsError, sms_send


@pytest.fixture
def provider():
    """A provider's SMS API on a free local port that records each request and answers as told."""
    received = []
    state = {"status": 202}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802  (the name http.server calls)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append({"path": self.path, "headers": dict(self.headers), "body": json.loads(body)})
            self.send_response(state["status"])
            self.end_headers()
            self.wfile.write(b'{"id": "msg-1"}')

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.server_port}/v1/messages", "received": received, "state": state}
    server.shutdown()


def test_http_gateway_posts_json_with_a_bearer_token(settings, provider):
    settings.SMS_BACKEND = "hymy.surveys.sms.HttpSmsBackend"
    settings.SMS_HTTP_URL = provider["url"]
    settings.SMS_HTTP_TOKEN = "sekret-token"
    settings.SMS_SENDER = "Revontuli"

    reply = sms_send(to="+358401234567", body="Miten onnistuimme? https://hymy.example/r/abc/")

    (request,) = provider["received"]
    assert request["path"] == "/v1/messages"
    assert request["headers"]["Authorization"] == "Bearer sekret-token"
    assert request["body"] == {
        "to": "+358401234567",
        "from": "Revontuli",
        "text": "Miten onnistuimme? https://hymy.example/r/abc/",
    }
    assert reply == '{"id": "msg-1"}'


def test_http_gateway_uses_basic_auth_without_a_token(settings, provider):
    settings.SMS_HTTP_URL = provider["url"]
    settings.SMS_HTTP_TOKEN = ""
    settings.SMS_HTTP_USER = "hymy"
    settings.SMS_HTTP_PASSWORD = "salasana"

    HttpSmsBackend().send(to="+358401234567", body="Hei", sender="Hymy")

    assert provider["received"][0]["headers"]["Authorization"] == "Basic aHlteTpzYWxhc2FuYQ=="


def test_provider_failure_is_an_sms_error(settings, provider):
    settings.SMS_HTTP_URL = provider["url"]
    provider["state"]["status"] = 500

    with pytest.raises(SmsError):
        HttpSmsBackend().send(to="+358401234567", body="Hei", sender="Hymy")


def test_only_http_addresses_are_accepted(settings):
    settings.SMS_HTTP_URL = "file:///etc/passwd"

    with pytest.raises(SmsError, match="must be an http"):
        HttpSmsBackend().send(to="+358401234567", body="Hei", sender="Hymy")
