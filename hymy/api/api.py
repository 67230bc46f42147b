"""The public API at /api/v1/: one NinjaAPI, one router per app (each in `hymy/<app>/api.py`).

A new app's endpoints are one line in ROUTERS below.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestValidationError

from .auth import ApiKeyAuth
from .problems import ApiError, problem, validation_problem

# Each app's `api.py` has `router = Router(tags=[…])` with its full paths; a new app is one line here.
ROUTERS = [
    "hymy.journeys.api",
    "hymy.customers.api",
    "hymy.surveys.api",
    "hymy.insights.api",
    "hymy.cases.api",
]

# Problem answers every operation may give, added to the schema once here.
ERROR_STATUSES = {
    "400": "The request cannot be read (e.g. not JSON, or a bad Idempotency-Key).",
    "401": "No API key, or not a valid one.",
    "403": "The key lacks the access this needs.",
    "404": "No such object in this organisation.",
    "409": "A request with the same Idempotency-Key is still being handled.",
    "422": "The request is not valid; `field` names the part at fault.",
    "429": "Too many requests with this key; see Retry-After.",
}


class HymyApi(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Every operation documents its problem answers as application/problem+json."""
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = _PROBLEM_SCHEMA
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, description in ERROR_STATUSES.items():
                    responses[status] = {
                        "description": description,
                        "content": {
                            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
                        },
                    }
        return schema


_PROBLEM_SCHEMA = {
    "title": "Problem",
    "description": "RFC 9457 problem details; `field` names the part of the request at fault.",
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "field": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object", "additionalProperties": {"type": "string"}}},
    },
    "required": ["type", "title", "status", "detail"],
}

api = HymyApi(
    title="Hymy API",
    version="1",
    description=(
        "Customers, encounters, purchases, surveys, responses, figures and cases of one organisation. "
        "Authenticate with `Authorization: Bearer <API key>` (created by an owner or administrator "
        "under API keys). Every POST accepts an `Idempotency-Key` header. Errors are RFC 9457 problem "
        "details. Integration recipes: docs/api.md."
    ),
    auth=ApiKeyAuth(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)

for module in ROUTERS:
    api.add_router("", f"{module}.router")


def _field_of(location) -> str:
    """('body', 'payload', 'items', 3, 'touchpoint_id') → 'items.3.touchpoint_id'."""
    parts = [str(part) for part in location]
    if parts and parts[0] == "body":
        parts = parts[2:] if len(parts) > 2 else parts[1:]
    elif parts and parts[0] in ("query", "path", "header"):
        parts = parts[1:]
    return ".".join(parts)


@api.exception_handler(RequestValidationError)
def _request_invalid(request, error):
    errors = []
    for item in error.errors:
        message = str(item.get("msg", ""))
        errors.append({"field": _field_of(item.get("loc", ())), "detail": message})
    if not errors:
        return problem(400, _("The request cannot be read."))
    return problem(422, errors[0]["detail"], field=errors[0]["field"], errors=errors)


@api.exception_handler(ValidationError)
def _service_invalid(request, error):
    return validation_problem(error)


@api.exception_handler(ApiError)
def _api_error(request, error):
    return problem(error.status, error.detail, field=error.field, headers=error.headers)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, error):
    return problem(
        401,
        _("Send a valid API key: Authorization: Bearer <key>."),
        headers={"WWW-Authenticate": 'Bearer realm="hymy"'},
    )


@api.exception_handler(HttpError)
def _http_error(request, error):
    return problem(error.status_code, error.message)


@api.exception_handler(PermissionDenied)
def _forbidden(request, error):
    return problem(403, _("This API key may not do that."))


@api.exception_handler(Http404)
def _not_found(request, error):
    return problem(404, _("No such object in this organisation."))
