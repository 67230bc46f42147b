"""Signing in: e-mail and password, argon2 hashes, and a per-account limit against password guessing."""

from types import SimpleNamespace

import django_ratelimit.core
import pytest
from django.conf import settings
from django.urls import reverse

from hymy.tenancy.models import User

PASSWORD = "kesä-aurinko-2026"


@pytest.fixture
def signed_up(db):
    return User.objects.create_user("liisa@aurinko.test", PASSWORD, full_name="Liisa Laine", language="en")


@pytest.fixture
def frozen_rate_window(monkeypatch):
    """Keep django-ratelimit's clock still, so a minute boundary cannot reset the count mid-test."""
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: 1_795_000_000.0))


def test_password_is_stored_as_an_argon2_hash(signed_up):
    assert signed_up.password.startswith("argon2")
    assert PASSWORD not in signed_up.password
    assert signed_up.check_password(PASSWORD)


def test_sign_in_with_email_and_password(client, signed_up):
    response = client.post(reverse("login"), {"username": "liisa@aurinko.test", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(signed_up.pk)


def test_wrong_password_shows_the_form_again_and_does_not_sign_in(client, signed_up):
    response = client.post(reverse("login"), {"username": "liisa@aurinko.test", "password": "väärä-salasana"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert 'value="liisa@aurinko.test"' in response.content.decode()


def test_signed_out_visitor_is_sent_to_sign_in(client, organization):
    response = client.get("/o/aurinko/customers/")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/o/aurinko/customers/"


def test_sign_in_is_rate_limited_per_account(client, signed_up, frozen_rate_window):
    limit = int(settings.LOGIN_RATE_LIMIT_PER_USERNAME.split("/")[0])
    for _attempt in range(limit):
        response = client.post(reverse("login"), {"username": "liisa@aurinko.test", "password": "arvaus"})
        assert response.status_code == 200

    blocked = client.post(reverse("login"), {"username": "liisa@aurinko.test", "password": PASSWORD})

    assert blocked.status_code == 429
    assert blocked["Retry-After"] == "60"
    assert "core/rate_limited.html" in [template.name for template in blocked.templates]
    assert "_auth_user_id" not in client.session


def test_sign_in_is_blocked_after_too_many_failures_for_one_account(client, signed_up, frozen_rate_window):
    """Whatever page a blocked attempt shows, the right password does not get through while blocked."""
    limit = int(settings.LOGIN_RATE_LIMIT_PER_USERNAME.split("/")[0])
    for _attempt in range(limit):
        client.post(reverse("login"), {"username": "liisa@aurinko.test", "password": "arvaus"})

    blocked = client.post(reverse("login"), {"username": "liisa@aurinko.test", "password": PASSWORD})

    assert blocked.status_code != 302
    assert "_auth_user_id" not in client.session


def test_rate_limit_counts_each_account_separately(client, signed_up, frozen_rate_window):
    limit = int(settings.LOGIN_RATE_LIMIT_PER_USERNAME.split("/")[0])
    for _attempt in range(limit + 1):
        client.post(reverse("login"), {"username": "someone.else@aurinko.test", "password": "arvaus"})
    assert client.post(
        reverse("login"), {"username": "someone.else@aurinko.test", "password": "arvaus"}
    ).status_code in (403, 429)

    response = client.post(reverse("login"), {"username": "liisa@aurinko.test", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(signed_up.pk)


def test_sign_in_with_the_email_typed_in_another_case(client, signed_up):
    response = client.post(reverse("login"), {"username": " Liisa@Aurinko.TEST ", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(signed_up.pk)


def test_rate_limit_is_not_dodged_by_changing_the_case_of_the_email(client, signed_up, frozen_rate_window):
    limit = int(settings.LOGIN_RATE_LIMIT_PER_USERNAME.split("/")[0])
    variants = ["liisa@aurinko.test", "LIISA@aurinko.test", "Liisa@Aurinko.test", "lIiSa@aurinko.TEST"]
    for attempt in range(limit):
        client.post(reverse("login"), {"username": variants[attempt % len(variants)], "password": "arvaus"})

    blocked = client.post(reverse("login"), {"username": "liisA@aurinko.test", "password": PASSWORD})

    assert blocked.status_code != 302
    assert "_auth_user_id" not in client.session
