"""The customer timeline: one list, newest first, assembled from every kind of event.

Each app registers a *source* in its `events.py`: a function that returns the newest entries of
its kind for one customer, already scoped to the organisation and to what the member may see.
The timeline merges all sources, so a new kind (survey responses, cases) is one more
`@timeline_source` function and one template, never a change here.

Entries are ordered by (time, kind, id), newest first, and a page ends with a cursor made of the
last entry's three values; the next page asks each source for what comes strictly after it in that
order, so entries that share a moment (a day's purchases) are never lost between pages.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    kind: str
    template: str
    obj: Any

    @property
    def sort_key(self) -> tuple:
        return (self.at, self.kind, self.obj.pk)


@dataclass(frozen=True)
class TimelineCursor:
    """Where a page of the timeline ended: the last entry's time, kind and id."""

    at: datetime.datetime
    kind: str
    pk: int

    def __str__(self) -> str:
        return f"{self.at.isoformat()}|{self.kind}|{self.pk}"

    @classmethod
    def parse(cls, text: str) -> "TimelineCursor | None":
        """The cursor from a page address, or None if it is missing or malformed."""
        parts = (text or "").split("|")
        if len(parts) != 3 or not parts[2].isdigit():
            return None
        try:
            at = parse_datetime(parts[0])
        except ValueError:
            return None
        if at is None:
            return None
        if timezone.is_naive(at):
            at = timezone.make_aware(at)
        return cls(at=at, kind=parts[1], pk=int(parts[2]))

    def older_q(self, field: str, kind: str) -> Q:
        """Rows of `kind` (time in `field`) that come after this cursor, newest first."""
        if kind > self.kind:
            return Q(**{f"{field}__lt": self.at})
        if kind < self.kind:
            return Q(**{f"{field}__lte": self.at})
        return Q(**{f"{field}__lt": self.at}) | Q(**{field: self.at, "pk__lt": self.pk})

    def older_day_q(self, field: str, kind: str) -> Q:
        """The same for rows dated by a day, which sort at the start of that day."""
        day = timezone.localdate(self.at)
        if self.at > date_as_datetime(day):
            return Q(**{f"{field}__lte": day})
        if kind > self.kind:
            return Q(**{f"{field}__lt": day})
        if kind < self.kind:
            return Q(**{f"{field}__lte": day})
        return Q(**{f"{field}__lt": day}) | Q(**{field: day, "pk__lt": self.pk})


# (organization, customer, membership, before, limit) -> entries
TimelineSource = Callable[..., Iterable[TimelineEntry]]
_SOURCES: dict[str, TimelineSource] = {}


def timeline_source(kind: str):
    """Register a function as the timeline source of `kind`."""

    def register(function: TimelineSource) -> TimelineSource:
        _SOURCES[kind] = function
        return function

    return register


def registered_kinds() -> list[str]:
    return sorted(_SOURCES)


def customer_timeline(
    *, organization, customer, membership, before: TimelineCursor | None = None, limit: int = 50
) -> list[TimelineEntry]:
    """The newest `limit` entries after the cursor `before`, across every registered source."""
    entries: list[TimelineEntry] = []
    for source in _SOURCES.values():
        entries.extend(
            source(organization=organization, customer=customer, membership=membership, before=before, limit=limit)
        )
    entries.sort(key=lambda entry: entry.sort_key, reverse=True)
    return entries[:limit]


def timeline_cursor(entry: TimelineEntry) -> TimelineCursor:
    return TimelineCursor(at=entry.at, kind=entry.kind, pk=entry.obj.pk)


def date_as_datetime(day: datetime.date) -> datetime.datetime:
    """A day as the start of that day in the current time zone, for sorting dates among datetimes."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
