"""The signature a receiver checks, with the very code docs/webhooks.md gives receivers."""

import hashlib
import hmac
import time

from hypothesis import given
from hypothesis import strategies as st

from hymy.webhooks.services import signature_header

from .conftest import docs_verifier

verify = docs_verifier()
SECRET = "whsec_test-secret"


def test_a_fresh_signature_of_the_same_body_is_accepted():
    body = b'{"id":"evt_1","type":"webhook.test"}'
    header = signature_header(secret=SECRET, body=body, timestamp=int(time.time()))

    assert verify(body, header, SECRET)


def test_the_header_is_stripe_style_and_the_hmac_covers_timestamp_dot_body():
    header = signature_header(secret="s", body=b"{}", timestamp=1764000000)

    expected = hmac.new(b"s", b"1764000000.{}", hashlib.sha256).hexdigest()
    assert header == f"t=1764000000,v1={expected}"


def test_a_replay_older_than_five_minutes_is_refused_and_a_younger_one_accepted():
    body = b'{"type":"response.created"}'
    now = int(time.time())
    old = signature_header(secret=SECRET, body=body, timestamp=now - 5 * 60 - 5)
    recent = signature_header(secret=SECRET, body=body, timestamp=now - 4 * 60)
    future = signature_header(secret=SECRET, body=body, timestamp=now + 10 * 60)

    assert not verify(body, old, SECRET)
    assert verify(body, recent, SECRET)
    assert not verify(body, future, SECRET)


def test_a_changed_timestamp_in_the_header_breaks_the_signature():
    body = b"{}"
    then = int(time.time()) - 10 * 60
    header = signature_header(secret=SECRET, body=body, timestamp=then)
    refreshed = header.replace(f"t={then}", f"t={int(time.time())}")

    assert not verify(body, refreshed, SECRET)


def test_garbage_headers_are_refused_without_an_error():
    for header in ["", "t=abc,v1=00", "v1=00", "t=1", "nonsense", "t=1,v1"]:
        assert verify(b"{}", header, SECRET) is False


@given(
    body=st.binary(max_size=2000),
    secret=st.text(min_size=1, max_size=80),
    other=st.binary(min_size=1, max_size=50),
)
def test_any_body_verifies_with_its_own_secret_and_not_when_changed(body, secret, other):
    header = signature_header(secret=secret, body=body, timestamp=int(time.time()))

    assert verify(body, header, secret)
    assert not verify(body + other, header, secret)
    assert not verify(body, header, secret + "x")


def test_the_documentation_lists_every_event_of_the_catalogue():
    from hymy.webhooks.catalogue import EVENTS

    from .conftest import DOCS

    table = DOCS.read_text().split("## Events", 1)[1].split("##", 1)[0]
    assert {name for name in EVENTS} <= {
        row.split("`")[1] for row in table.splitlines() if row.startswith("| `")
    }
