"""When things happen: seasonality over the year and the week, and opening hours per channel.

The telecom's year has a Christmas peak, a summer dip and a rush when new phones launch in
September; shops are open fewer hours at weekends and the outsourced call centre is closed on
Sundays. The weights are relative (1.0 is an ordinary day) and recorded in the demo truth.
"""

import datetime
import random
from zoneinfo import ZoneInfo

HELSINKI = ZoneInfo("Europe/Helsinki")

# Relative demand per month (1 = an ordinary month).
MONTH_WEIGHTS = {
    1: 0.95, 2: 0.85, 3: 0.9, 4: 0.9, 5: 0.95, 6: 0.8,
    7: 0.6, 8: 0.85, 9: 1.05, 10: 1.0, 11: 1.25, 12: 2.0,
}  # fmt: skip
# Monday = 0.
WEEKDAY_WEIGHTS = {0: 1.0, 1: 1.0, 2: 1.0, 3: 1.1, 4: 1.15, 5: 1.05, 6: 0.55}
# New phones launch in September; device sales jump for these ISO weeks.
PHONE_LAUNCH_WEEKS = (37, 38, 39)
PHONE_LAUNCH_WEIGHT = 1.4
# The highest value `season_weight` can return, for thinning (accept with weight / MAX_WEIGHT).
MAX_WEIGHT = 2.0 * 1.15 * 1.35 * PHONE_LAUNCH_WEIGHT

# Opening hours per weekday as (first hour, last hour) inclusive, None when closed; and the
# relative weight of each hour of the day (people buy phones after work, call in the morning).
OPENING_HOURS = {
    "shop": {0: (10, 19), 1: (10, 19), 2: (10, 19), 3: (10, 19), 4: (10, 19), 5: (10, 17), 6: (12, 17)},
    "call_centre": {0: (8, 19), 1: (8, 19), 2: (8, 19), 3: (8, 19), 4: (8, 19), 5: (9, 15), 6: None},
    "office": {0: (8, 15), 1: (8, 15), 2: (8, 15), 3: (8, 15), 4: (8, 15), 5: None, 6: None},
    "delivery": {0: (9, 20), 1: (9, 20), 2: (9, 20), 3: (9, 20), 4: (9, 20), 5: (10, 15), 6: None},
    "online": {day: (0, 23) for day in range(7)},
    "chat": {day: (8, 21) for day in range(7)},
}
HOUR_WEIGHTS = {
    "shop": {10: 2, 11: 3, 12: 4, 13: 4, 14: 4, 15: 5, 16: 6, 17: 6, 18: 5, 19: 3},
    "call_centre": {8: 6, 9: 8, 10: 8, 11: 7, 12: 6, 13: 6, 14: 5, 15: 5, 16: 5, 17: 4, 18: 3, 19: 2},
    "office": {8: 4, 9: 6, 10: 6, 11: 5, 12: 4, 13: 5, 14: 5, 15: 3},
    "delivery": {9: 2, 10: 3, 11: 3, 12: 3, 13: 3, 14: 3, 15: 4, 16: 5, 17: 5, 18: 4, 19: 3, 20: 2},
    "online": {
        0: 2, 1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 2, 7: 3, 8: 4, 9: 5, 10: 5, 11: 5,
        12: 6, 13: 5, 14: 5, 15: 5, 16: 6, 17: 6, 18: 7, 19: 8, 20: 9, 21: 8, 22: 6, 23: 4,
    },
    "chat": {8: 3, 9: 5, 10: 5, 11: 5, 12: 5, 13: 5, 14: 5, 15: 5, 16: 5, 17: 5, 18: 6, 19: 6, 20: 5, 21: 3},
}  # fmt: skip


def season_weight(day: datetime.date, *, devices: bool = False) -> float:
    """How busy `day` is compared with an ordinary day; `devices` adds the September launch rush."""
    weight = MONTH_WEIGHTS[day.month] * WEEKDAY_WEIGHTS[day.weekday()]
    if day.month == 12 and day.day >= 24:
        weight *= 0.35  # the shops close early on Christmas Eve and nobody buys a phone on the 25th
    if day.month == 11 and day.day >= 22:
        weight *= 1.35  # Black Friday week
    if devices and day.isocalendar().week in PHONE_LAUNCH_WEEKS:
        weight *= PHONE_LAUNCH_WEIGHT
    return weight


def at_time(rng: random.Random, day: datetime.date, hours: str) -> datetime.datetime:
    """A moment on `day` (or the next day open) within the opening hours `hours`."""
    for _attempt in range(7):
        opening = OPENING_HOURS[hours][day.weekday()]
        if opening is not None:
            break
        day += datetime.timedelta(days=1)
    first, last = opening
    hour_weights = HOUR_WEIGHTS[hours]
    hours_open = [hour for hour in range(first, last + 1)]
    hour = rng.choices(hours_open, weights=[hour_weights.get(hour, 1) for hour in hours_open])[0]
    return datetime.datetime(
        day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60), tzinfo=HELSINKI
    )


def seasonal_day(rng: random.Random, start: datetime.date, end: datetime.date, *, devices: bool = False):
    """A day in [start, end) drawn with the seasonal weights (by thinning a uniform draw)."""
    span = (end - start).days
    while True:
        day = start + datetime.timedelta(days=rng.randrange(span))
        if rng.random() * MAX_WEIGHT <= season_weight(day, devices=devices):
            return day


def truth_summary() -> dict:
    """The seasonality planted in the data, for the demo truth."""
    return {
        "month_weights": {str(month): weight for month, weight in MONTH_WEIGHTS.items()},
        "weekday_weights": {str(day): weight for day, weight in WEEKDAY_WEIGHTS.items()},
        "phone_launch_iso_weeks": list(PHONE_LAUNCH_WEEKS),
        "phone_launch_weight": PHONE_LAUNCH_WEIGHT,
        "black_friday_week_weight": 1.35,
        "christmas_after_24th_weight": 0.35,
    }
