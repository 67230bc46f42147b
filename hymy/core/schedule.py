"""A small scheduler for periodic work on top of django-tasks (which has no periodic tasks of its own).

Each planned run is a `ScheduledRun(name, due_at)` row with a unique (name, due_at). Whoever creates
the row — `hymy worker` at start (the `improvement_schedule` and `cases_schedule` commands), or the
previous run when it finishes — queues the task with `run_after=due_at`; everyone else finds the row and
queues nothing. Because every caller computes the same `due_at` (a fixed slot: `next_slot`, or a fixed
weekday and time), however many workers start, each run is queued once and the chain never forks. The
work itself must be idempotent too, so a run started twice by hand or by a retry does no harm.

With a backend that cannot wait (the immediate one used in tests), nothing is queued for later: each
app's cron commands do the work instead.
"""

import datetime

from django.db import transaction

from .models import ScheduledRun

# Rows are only markers against a second queueing; a day's worth is plenty to catch late starters.
KEEP_RUNS_FOR = datetime.timedelta(days=1)
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def next_slot(now: datetime.datetime, every: datetime.timedelta) -> datetime.datetime:
    """The next slot strictly after `now` on a fixed grid of `every` from the Unix epoch, so that every
    worker asking within the same slot gets the same moment."""
    slots_passed = (now - EPOCH) // every
    return EPOCH + (slots_passed + 1) * every


def queue_once(*, name: str, due_at: datetime.datetime, task, args: tuple = ()) -> bool:
    """Queue `task(*args)` to run at `due_at` unless this (name, due_at) run is planned already.
    Returns True if this call planned it (also with a backend that cannot wait: then nothing is queued)."""
    with transaction.atomic():
        _run, created = ScheduledRun.objects.get_or_create(name=name, due_at=due_at)
        if created:
            ScheduledRun.objects.filter(name=name, due_at__lt=due_at - KEEP_RUNS_FOR).delete()
            if task.get_backend().supports_defer:
                transaction.on_commit(lambda: task.using(run_after=due_at).enqueue(*args))
    return created
