"""The API keys page: an owner creates a key and sees its secret once, sees when it was last used,
and revokes it; only the secret's SHA-256 is stored."""

import hashlib
import re

from django.test import Client

from hymy.tenancy.models import ApiKey


def test_create_use_and_revoke_a_key(owner_client, organization):
    created = owner_client.post(
        "/o/aurinko/api-keys/", {"name": "Verkkokauppa", "scopes": ["customers:write", "encounters:write"]}
    )
    assert created.status_code == 302
    page = owner_client.get("/o/aurinko/api-keys/").content.decode()
    secret = re.search(r'<code class="secret">([^<]+)</code>', page).group(1)
    key = ApiKey.objects.get(organization=organization)
    assert key.secret_digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiKey.objects.filter(pk=key.pk).values().get())
    assert key.scopes == ["customers:read", "customers:write", "encounters:read", "encounters:write"]
    # Shown once: the next visit shows only its beginning.
    again = owner_client.get("/o/aurinko/api-keys/").content.decode()
    assert secret not in again
    assert key.prefix in again
    assert "never" in again

    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/customers").status_code == 200
    key.refresh_from_db()
    assert key.last_used_at is not None
    assert "never" not in owner_client.get("/o/aurinko/api-keys/").content.decode()

    revoked = owner_client.post(f"/o/aurinko/api-keys/{key.pk}/revoke/", follow=True)
    assert "no longer works" in revoked.content.decode()
    assert api.get("/api/v1/customers").status_code == 401


def test_a_key_needs_a_name_and_some_access(owner_client, organization):
    response = owner_client.post("/o/aurinko/api-keys/", {"name": "Kassa"})

    assert response.status_code == 400
    assert response.context["form"].errors["scopes"]
    assert response.context["form"]["name"].value() == "Kassa"
    assert not ApiKey.objects.filter(organization=organization).exists()


def test_a_partners_key_reaches_only_its_touchpoints(
    make_key, partner, delivery, counter, delivery_customer, customer
):
    from .conftest import ApiClient

    _key, secret = make_key(["customers:read", "encounters:write"], partner=partner)
    client = ApiClient(secret)

    listed = client.get("/api/v1/customers").json()["items"]
    assert [item["name"] for item in listed] == [delivery_customer.name]
    assert client.get(f"/api/v1/customers/{customer.pk}").status_code == 404
    at_counter = client.post(
        "/api/v1/encounters", {"touchpoint_id": counter.pk, "started_at": "2026-11-24T10:00:00Z"}
    )
    assert at_counter.status_code == 404
    at_own = client.post(
        "/api/v1/encounters", {"touchpoint_id": delivery.pk, "started_at": "2026-11-24T10:00:00Z"}
    )
    assert at_own.status_code == 201
    assert [item["name"] for item in client.get("/api/v1/touchpoints").json()] == [delivery.name]
