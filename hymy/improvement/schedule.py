"""A small scheduler for periodic work on top of django-tasks (which has no periodic tasks of its own).

Each planned run is a `ScheduledRun(name, due_at)` row with a unique (name, due_at). Whoever creates
the row — `hymy worker` at start (`improvement_schedule` command), or the previous run when it finishes
— queues the task with `run_after=due_at`; everyone else finds the row and queues nothing. So however
many workers start, each run is queued once, and the chain goes on by itself week after week. The work
itself is idempotent too (a `DigestDelivery` per member and week), so a run started twice by hand or
by a retry sends nothing twice.

With a backend that cannot wait (the immediate one used in tests), nothing is queued for later:
run `hymy manage improvement_digest_send` from cron instead (also the safety net after a long outage,
like `surveys_send_due`).
"""

import datetime

from django.db import transaction
from django.utils import timezone

from .models import ScheduledRun

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
    with transaction.atomic():
        run, created = ScheduledRun.objects.get_or_create(name=WEEKLY_DIGEST, due_at=due_at)
        if created and weekly_digest_run.get_backend().supports_defer:
            transaction.on_commit(
                lambda: weekly_digest_run.using(run_after=due_at).enqueue(due_at.isoformat())
            )
    return run if created else None
