"""When the weekly digest runs: every Monday at 07:00 local time, queued once through the core scheduler
(hymy/core/schedule.py: a unique `ScheduledRun(name, due_at)` row per run, so several workers queue it
once). `hymy worker` queues the first run (the `improvement_schedule` command) and each run queues the
next. Sending is idempotent too (a `DigestDelivery` per member and week), so a run started twice by hand
or by a retry sends nothing twice.

With a backend that cannot wait (the immediate one used in tests), nothing is queued for later:
run `hymy manage improvement_digest_send` from cron instead (also the safety net after a long outage,
like `surveys_send_due`).
"""

import datetime

from django.utils import timezone

from hymy.core.models import ScheduledRun
from hymy.core.schedule import queue_once

WEEKLY_DIGEST = "improvement.weekly_digest"
# Monday morning, before the week's first meetings.
DIGEST_WEEKDAY = 0
DIGEST_TIME = datetime.time(7, 0)


def next_digest_at(now: datetime.datetime) -> datetime.datetime:
    """The first Monday 07:00 (local time) strictly after `now`."""
    local = timezone.localtime(now)
    days_ahead = (DIGEST_WEEKDAY - local.weekday()) % 7
    candidate = datetime.datetime.combine(
        local.date() + datetime.timedelta(days=days_ahead),
        DIGEST_TIME,
        tzinfo=timezone.get_current_timezone(),
    )
    if candidate <= now:
        candidate = datetime.datetime.combine(
            candidate.date() + datetime.timedelta(days=7), DIGEST_TIME, tzinfo=timezone.get_current_timezone()
        )
    return candidate


def weekly_digest_schedule(*, now: datetime.datetime | None = None) -> ScheduledRun | None:
    """Make sure the next weekly digest run is queued; returns the run if this call queued it."""
    from .tasks import weekly_digest_run

    due_at = next_digest_at(now or timezone.now())
    args = (due_at.isoformat(),)
    if not queue_once(name=WEEKLY_DIGEST, due_at=due_at, task=weekly_digest_run, args=args):
        return None
    return ScheduledRun.objects.get(name=WEEKLY_DIGEST, due_at=due_at)
