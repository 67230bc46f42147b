import datetime

from django.utils import timezone
from django_tasks import task

from .digest import digests_send, last_full_week
from .schedule import weekly_digest_schedule


@task()
def weekly_digest_run(due_at: str) -> int:
    """Send last week's digests to every subscribed member, then queue next week's run."""
    due = datetime.datetime.fromisoformat(due_at)
    sent = digests_send(week=last_full_week(timezone.localdate(due)))
    weekly_digest_schedule(now=max(timezone.now(), due))
    return sent
