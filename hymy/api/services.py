"""Writes of the API app itself."""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.utils import timezone

from hymy.tenancy.choices import ApiResource
from hymy.tenancy.models import ApiKey, Organization
from hymy.tenancy.services import API_KEY_PREFIX, api_key_create


def demo_api_key_ensure(*, organization: Organization) -> str | None:
    """The demo organisation's API key (every scope), created once and printed by `hymy demo`.

    Derived from SECRET_KEY and the organisation, so every run prints the same working key while
    only its hash is stored, like any other key. None if an owner has revoked it.
    """
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"hymy-demo-api-key:{organization.slug}".encode(), hashlib.sha256
    ).hexdigest()
    secret = f"{API_KEY_PREFIX}{digest[:12]}_{digest[12:60]}"
    existing = ApiKey.objects.filter(prefix=secret[: len(API_KEY_PREFIX) + 12]).first()
    if existing is not None:
        return secret if existing.is_active and existing.organization_id == organization.pk else None
    scopes = [f"{resource}:{level}" for resource in ApiResource.values for level in ("read", "write")]
    api_key_create(organization=organization, actor=None, name="Demo", scopes=scopes, secret=secret)
    return secret


# A retry comes within minutes or hours; after a day the stored first answers are only weight.
IDEMPOTENCY_KEPT_FOR = datetime.timedelta(days=1)


def idempotent_requests_purge(*, now: datetime.datetime | None = None) -> int:
    """Forget the answers to Idempotency-Keys older than a day; returns how many were forgotten."""
    from .models import IdempotentRequest

    cutoff = (now or timezone.now()) - IDEMPOTENCY_KEPT_FOR
    deleted, _by_model = IdempotentRequest.objects.filter(created_at__lt=cutoff).delete()
    return deleted
