"""The retention run, once a day per organisation, through the task queue.

Saving the retention settings starts a chain: each run anonymises what has grown too old and queues
the next run a day later (`run_after`). Saving again starts a new chain and the old one stops, because
each run carries the time it was meant for and quits if the policy now expects another. A backend that
cannot wait (the immediate one in tests) runs only the first; `hymy manage privacy_retention_apply`
is the safety net to run from cron, as `surveys_send_due` is for invitations.
"""

import datetime

from django.utils import timezone
from django_tasks import task

from hymy.tenancy.models import Organization

from .models import RetentionPolicy

RUN_EVERY = datetime.timedelta(days=1)


def retention_schedule(policy: RetentionPolicy) -> None:
    when = policy.next_run_at or timezone.now()
    if when <= timezone.now():
        retention_run.enqueue(policy.organization_id, when.isoformat())
    elif retention_run.get_backend().supports_defer:
        retention_run.using(run_after=when).enqueue(policy.organization_id, when.isoformat())


@task()
def retention_run(organization_id: int, expected_at: str) -> dict:
    from . import services

    policy = RetentionPolicy.objects.filter(organization_id=organization_id).first()
    if policy is None or policy.next_run_at is None or policy.next_run_at.isoformat() != expected_at:
        return {}  # a newer chain took over
    counts = services.retention_apply(organization=Organization.objects.get(pk=organization_id))
    policy.next_run_at = timezone.now() + RUN_EVERY
    RetentionPolicy.objects.filter(pk=policy.pk).update(next_run_at=policy.next_run_at)
    retention_schedule(policy)
    return counts
