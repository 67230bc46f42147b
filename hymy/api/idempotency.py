"""`Idempotency-Key` on every POST of the API: a retried request gets the first answer, and nothing
is created twice, also when the retries arrive at the same moment.

The request runs in one transaction that first inserts its (organisation, key) row. A concurrent
request with the same key blocks on that unique row until the first commits (PostgreSQL), then finds
it and replays the stored answer. An answer that is not a success is not kept: its transaction rolls
back, so the client may correct the request and send it again with the same key.
"""

import hashlib

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from hymy.tenancy.services import api_key_authenticate

from .auth import api_rate_limit
from .models import IdempotentRequest
from .problems import ApiError, problem

API_PREFIX = "/api/"
HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200


def _bearer(request) -> str:
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if "Accept-Language" not in request.headers:
            # Machines read the API: English unless the client asks for Finnish or Swedish.
            translation.activate("en")
            request.LANGUAGE_CODE = "en"
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None:
            return self.get_response(request)
        if not 1 <= len(key) <= MAX_KEY_LENGTH or not key.isprintable():
            return problem(
                400,
                _("The Idempotency-Key must be 1–200 printable characters."),
                field="Idempotency-Key",
            )
        api_key = api_key_authenticate(secret=_bearer(request))
        if api_key is None:
            return self.get_response(request)  # the API answers 401 itself
        request.api_key = api_key
        # Counted here, before the transaction: the counter's cache row must not stay locked by it.
        try:
            api_rate_limit(request, api_key)
        except ApiError as error:
            return problem(error.status, error.detail, headers=error.headers)
        return self._once(request, api_key, key)

    def _once(self, request, api_key, key: str):
        body_digest = hashlib.sha256(request.body).hexdigest()
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record = IdempotentRequest.objects.create(
                        organization_id=api_key.organization_id,
                        api_key=api_key,
                        key=key,
                        method=request.method,
                        path=request.path[:500],
                        body_digest=body_digest,
                    )
            except IntegrityError:
                return self._replay(request, api_key, key, body_digest)
            response = self.get_response(request)
            if not 200 <= response.status_code < 300:
                transaction.set_rollback(True)
                return response
            record.status_code = response.status_code
            record.content_type = response.get("Content-Type", "application/json")
            record.body = response.content.decode("utf-8")
            record.save(update_fields=["status_code", "content_type", "body"])
            return response

    def _replay(self, request, api_key, key: str, body_digest: str):
        record = IdempotentRequest.objects.filter(organization_id=api_key.organization_id, key=key).first()
        if record is None or record.status_code is None:
            # Only where the database cannot make the retry wait (SQLite's concurrent writers).
            return problem(
                409,
                _("A request with this Idempotency-Key is still being handled."),
                headers={"Retry-After": "1"},
            )
        if (record.path, record.body_digest) != (request.path[:500], body_digest):
            return problem(
                422,
                _("This Idempotency-Key was already used for a different request."),
                field="Idempotency-Key",
            )
        response = HttpResponse(record.body, status=record.status_code, content_type=record.content_type)
        response["Idempotent-Replayed"] = "true"
        return response
