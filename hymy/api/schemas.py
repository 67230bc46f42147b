"""What every router's schemas share: text that the databases accept, ids and moments in range, the
problem-details shape and cursor pages."""

import base64
import datetime
import json
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AfterValidator, AwareDatetime, Field, field_validator

from .problems import ApiError

MAX_ID = 2_147_483_647
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _text_acceptable(value: Any) -> Any:
    """PostgreSQL refuses NUL characters, and no database stores half a UTF-16 surrogate pair: both
    are refused here with a reason instead of failing at the database."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("Text must not contain NUL characters.")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("Text must be valid Unicode (no lone surrogates).") from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _text_acceptable(key)
            _text_acceptable(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _text_acceptable(item)
    return value


def _reasonable_moment(value: datetime.datetime) -> datetime.datetime:
    if not 1900 <= value.year <= 2200:
        raise ValueError("Give a moment between the years 1900 and 2200.")
    return value


def _reasonable_date(value: datetime.date) -> datetime.date:
    if not 1900 <= value.year <= 2200:
        raise ValueError("Give a date between the years 1900 and 2200.")
    return value


Moment = Annotated[AwareDatetime, AfterValidator(_reasonable_moment)]
Day = Annotated[datetime.date, AfterValidator(_reasonable_date)]


class ApiSchema(Schema):
    """Base of every request body: every field's text is checked (see `_text_acceptable`)."""

    @field_validator("*", mode="before")
    @classmethod
    def _acceptable_text(cls, value):
        return _text_acceptable(value)


class Problem(Schema):
    """RFC 9457 problem details; `field` names the part of the request at fault."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    field: str | None = None
    errors: list[dict[str, str]] | None = None


# --- Cursor pagination -----------------------------------------------------------------------------

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT)]


def cursor_page(queryset, *, cursor: str | None, limit: int) -> tuple[list, str | None]:
    """One page in id order after the cursor, and the cursor of the next page (None at the end).

    The cursor is the last id seen, so rows added meanwhile are neither skipped nor repeated.
    """
    after = _cursor_decode(cursor) if cursor else 0
    rows = list(queryset.filter(pk__gt=after).order_by("pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (_cursor_encode(rows[-1].pk) if more else None)


def _cursor_encode(pk: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": pk}).encode()).decode().rstrip("=")


def _cursor_decode(cursor: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        after = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))["after"]
        if isinstance(after, int) and 0 <= after <= MAX_ID:
            return after
    except (ValueError, KeyError, TypeError, UnicodeError):
        pass
    raise ApiError(422, _("This cursor is not one this API gave out."), field="cursor")


def clean_query_text(value: str | None) -> str:
    """Query text without the NUL characters PostgreSQL refuses (they never match anything)."""
    return (value or "").replace("\x00", "").strip()
