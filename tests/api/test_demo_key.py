"""`hymy demo` prints a working API key for the demo telecom, the same one on every run."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from hymy.tenancy.models import ApiKey

pytestmark = pytest.mark.django_db


def demo(*args: str) -> str:
    out = StringIO()
    call_command("demo_data", "--scale", "0.05", *args, stdout=out)
    return out.getvalue()


def _key(output: str) -> str:
    return re.search(r"Authorization: Bearer (\S+)", output).group(1)


def test_the_demo_prints_the_same_working_key_every_time():
    first, second = demo(), demo()

    assert "/api/v1/docs" in first
    assert _key(first) == _key(second)
    assert ApiKey.objects.filter(organization__slug="revontuli").count() == 1
    answer = Client(HTTP_AUTHORIZATION=f"Bearer {_key(first)}").get("/api/v1/customers", {"limit": 3})
    assert answer.status_code == 200
    assert len(answer.json()["items"]) == 3

    after_reset = demo("--reset")
    assert _key(after_reset) == _key(first)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {_key(first)}").get("/api/v1/surveys").status_code == 200
