"""Business time: minutes that count toward an SLA are those inside opening hours, outside holidays.

Opening hours are given per weekday (0 = Monday) as (opens, closes) or None for a closed day; Finnish
public holidays (the `holidays` package) are closed. Pure functions of their arguments, so the SLA
clocks can be tested with any moment, and with hypothesis.
"""

import datetime
from dataclasses import dataclass
from functools import lru_cache

import holidays
from django.utils import timezone

# Monday to Friday 8–16 when an organisation has not said otherwise.
DEFAULT_OPENING_HOURS: tuple = tuple([(datetime.time(8), datetime.time(16))] * 5 + [None, None])
# How far the clock looks ahead before giving up (a calendar with no open hours at all).
LOOKAHEAD_DAYS = 3 * 366


@lru_cache(maxsize=16)
def _finnish_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.Finland(years=year))


def is_holiday(day: datetime.date) -> bool:
    return day in _finnish_holidays(day.year)


@dataclass(frozen=True)
class BusinessCalendar:
    """Opening hours per weekday, in the current time zone, with Finnish public holidays closed."""

    hours: tuple = DEFAULT_OPENING_HOURS

    @classmethod
    def from_setting(cls, opening_hours: list | None) -> "BusinessCalendar":
        """From the stored form [["08:00", "16:00"], …, null] (seven items), else the default."""
        if not opening_hours or len(opening_hours) != 7:
            return cls()
        hours = []
        for item in opening_hours:
            if not item:
                hours.append(None)
                continue
            opens, closes = (datetime.time.fromisoformat(value) for value in item)
            hours.append((opens, closes) if opens < closes else None)
        return cls(hours=tuple(hours))

    def window(self, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime] | None:
        """When the organisation is open on `day`, or None."""
        hours = self.hours[day.weekday()]
        if hours is None or is_holiday(day):
            return None
        zone = timezone.get_current_timezone()
        opens = timezone.make_aware(datetime.datetime.combine(day, hours[0]), zone)
        closes = timezone.make_aware(datetime.datetime.combine(day, hours[1]), zone)
        return opens, closes

    def add_minutes(self, start: datetime.datetime, minutes: float) -> datetime.datetime:
        """The moment when `minutes` of business time have passed since `start`."""
        remaining = datetime.timedelta(minutes=minutes)
        day = timezone.localtime(start).date()
        for _offset in range(LOOKAHEAD_DAYS):
            window = self.window(day)
            if window is not None:
                opens, closes = window
                cursor = max(start, opens)
                if cursor < closes:
                    available = closes - cursor
                    if remaining <= available:
                        return cursor + remaining
                    remaining -= available
            day += datetime.timedelta(days=1)
        raise ValueError("No opening hours in the calendar.")

    def minutes_between(
        self, start: datetime.datetime, end: datetime.datetime, *, stop_after: float | None = None
    ) -> float:
        """Business minutes from `start` to `end` (0 if `end` is not later).

        With `stop_after`, counting stops once the total passes it (the SLA check only asks whether
        a deadline is within its warning time), and the total so far is returned.
        """
        if end <= start:
            return 0.0
        limit = datetime.timedelta(minutes=stop_after) if stop_after is not None else None
        total = datetime.timedelta()
        day = timezone.localtime(start).date()
        last = timezone.localtime(end).date()
        while day <= last:
            window = self.window(day)
            if window is not None:
                low, high = max(start, window[0]), min(end, window[1])
                if high > low:
                    total += high - low
                    if limit is not None and total > limit:
                        break
            day += datetime.timedelta(days=1)
        return total.total_seconds() / 60
