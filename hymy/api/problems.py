"""Errors in one shape: RFC 9457 problem details, with the field at fault when there is one."""

from http import HTTPStatus

from django.core.exceptions import ValidationError
from django.http import JsonResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"


class ApiError(Exception):
    """Raised by an endpoint for an answer other than success: status, reason, and the field at fault."""

    def __init__(self, status: int, detail: str, field: str = "", headers: dict | None = None):
        super().__init__(detail)
        self.status, self.detail, self.field, self.headers = status, str(detail), field, headers or {}


def problem(
    status: int,
    detail: str,
    *,
    field: str = "",
    errors: list[dict] | None = None,
    headers: dict | None = None,
) -> JsonResponse:
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": str(detail),
    }
    if field:
        body["field"] = field
    if errors:
        body["errors"] = errors
    response = JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def validation_problem(error: ValidationError, *, prefix: str = "") -> JsonResponse:
    """A service's ValidationError: each field and its messages; the first one is `field`/`detail`."""
    if hasattr(error, "error_dict"):
        items = [(field, messages) for field, messages in error.message_dict.items()]
    else:
        items = [("", error.messages)]
    errors = [
        {"field": _join(prefix, "" if field == "__all__" else field), "detail": message}
        for field, messages in items
        for message in messages
    ]
    return problem(422, errors[0]["detail"], field=errors[0]["field"], errors=errors)


# A service names the model field ("touchpoint"); the API's field for it is the id ("touchpoint_id").
API_FIELD_NAMES = {"touchpoint": "touchpoint_id", "customer": "customer_id", "company": "company_id",
                   "survey": "survey_id", "partner": "partner_id"}  # fmt: skip


def _join(prefix: str, field: str) -> str:
    head, _dot, last = field.rpartition(".")
    return ".".join(part for part in (prefix, head, API_FIELD_NAMES.get(last, last)) if part)
