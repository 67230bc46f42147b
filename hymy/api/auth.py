"""Who is calling: an API key from `Authorization: Bearer <key>`, limited in rate per key, and the
actor (the key's service user and its membership) that services and selectors are called with."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage
from ninja.security import HttpBearer

from hymy.tenancy.models import ApiKey, Membership, Organization, User
from hymy.tenancy.services import api_key_authenticate, api_key_membership

from .problems import ApiError


class ApiKeyAuth(HttpBearer):
    """`Authorization: Bearer hymy_…`; the key may have been resolved already by the idempotency
    middleware (`request.api_key`)."""

    def authenticate(self, request, token):
        key = getattr(request, "api_key", None)
        if key is None:
            key = api_key_authenticate(secret=token)
            if key is None:
                return None
            request.api_key = key
            api_rate_limit(request, key)
        return key


def api_rate_limit(request, key: ApiKey) -> None:
    """Count the request against its key's limit (`API_RATE_LIMIT`); over it, 429 with Retry-After."""
    usage = get_usage(
        request,
        group="api",
        key=lambda _group, _request: key.prefix,
        rate=settings.API_RATE_LIMIT,
        increment=True,
    )
    if usage is not None and usage["should_limit"]:
        seconds = max(1, usage["time_left"])
        raise ApiError(
            429,
            _("Too many requests with this key. Try again in %(seconds)s seconds.") % {"seconds": seconds},
            headers={"Retry-After": str(seconds)},
        )


@dataclass(frozen=True)
class ApiActor:
    key: ApiKey
    organization: Organization
    user: User
    membership: Membership


def api_actor(request, resource: str | None, *, write: bool = False) -> ApiActor:
    """The caller, if its key may read (or write) `resource` (None: what every key may read);
    otherwise 403 with what is missing."""
    key: ApiKey = request.auth
    if resource is not None and not key.allows(resource, write=write):
        scope = f"{resource}:{'write' if write else 'read'}"
        raise ApiError(403, _("This API key does not have the access %(scope)s.") % {"scope": scope})
    return ApiActor(key, key.organization, key.service_user, api_key_membership(key=key))
