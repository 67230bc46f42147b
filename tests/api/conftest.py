"""API keys and clients for the API tests: `api_client(scopes)` is a test client whose every request
carries a fresh key of Aurinko with those scopes."""

import pytest
from django.test import Client

from hymy.tenancy import services as tenancy_services
from hymy.tenancy.choices import ApiResource

ALL_SCOPES = [f"{resource}:{level}" for resource in ApiResource.values for level in ("read", "write")]
READ_SCOPES = [f"{resource}:read" for resource in ApiResource.values]


class ApiClient(Client):
    """A Django test client that sends `Authorization: Bearer <key>` and JSON bodies."""

    def __init__(self, secret: str, **kwargs):
        super().__init__(HTTP_AUTHORIZATION=f"Bearer {secret}", **kwargs)
        self.secret = secret

    def post(self, path, data=None, **kwargs):
        kwargs.setdefault("content_type", "application/json")
        return super().post(path, data, **kwargs)

    def patch(self, path, data=None, **kwargs):
        kwargs.setdefault("content_type", "application/json")
        return super().patch(path, data, **kwargs)


@pytest.fixture
def make_key(organization, owner):
    """`make_key(scopes, organization=…, partner=…)` → (ApiKey, secret)."""
    from hymy.tenancy.models import Membership

    def make(scopes=None, *, organization=organization, partner=None, name="Verkkokauppa"):
        actor = Membership.objects.filter(organization=organization, role="owner").first()
        return tenancy_services.api_key_create(
            organization=organization,
            actor=actor,
            name=name,
            scopes=ALL_SCOPES if scopes is None else scopes,
            partner=partner,
        )

    return make


@pytest.fixture
def api_client(make_key):
    def make(scopes=None, **kwargs) -> ApiClient:
        _key, secret = make_key(scopes, **kwargs)
        return ApiClient(secret)

    return make


@pytest.fixture
def api(api_client) -> ApiClient:
    """A client with a key of Aurinko that may read and write everything."""
    return api_client()
