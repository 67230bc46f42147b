"""The customer timeline: one list, newest first, assembled from every kind of event.

Each app registers a *source* in its `events.py`: a function that returns the newest entries of
its kind for one customer, already scoped to the organisation and to what the member may see.
The timeline merges all sources, so a new kind (survey responses, cases) is one more
`@timeline_source` function and one template, never a change here.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    kind: str
    template: str
    obj: Any


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
    *, organization, customer, membership, before: datetime.datetime | None = None, limit: int = 50
) -> list[TimelineEntry]:
    """The newest `limit` entries older than `before`, across every registered source."""
    entries: list[TimelineEntry] = []
    for source in _SOURCES.values():
        entries.extend(
            source(organization=organization, customer=customer, membership=membership, before=before, limit=limit)
        )
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries[:limit]


def date_as_datetime(day: datetime.date) -> datetime.datetime:
    """A day as the start of that day in the current time zone, for sorting dates among datetimes."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
