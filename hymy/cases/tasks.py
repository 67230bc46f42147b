import datetime

from django.utils import timezone
from django_tasks import task

from hymy.core.schedule import next_slot, queue_once

from . import services
from .models import Case, CaseEvent

# How often the periodic run checks the SLA clocks and reads the inbound mailboxes.
PERIODIC_EVERY = datetime.timedelta(minutes=5)
PERIODIC_RUN = "cases.periodic"


@task()
def case_event_email_send(event_id: int) -> None:
    from .mail import case_event_email

    event = CaseEvent.objects.select_related("case__organization", "case__customer").get(pk=event_id)
    case_event_email(event)


@task()
def case_handlers_notify(case_id: int, what: str, target: str) -> int:
    from .mail import handlers_notify

    case = Case.objects.select_related("organization", "assignee", "team").get(pk=case_id)
    return handlers_notify(case, what, target)


@task()
def cases_sla_check_task() -> dict:
    """Warn and escalate; queued at each case's deadlines (and by `hymy manage cases_sla_check` from cron)."""
    return services.cases_sla_check(now=timezone.now())


@task()
def mailboxes_poll_task() -> int:
    from .inbound import mailboxes_poll

    return mailboxes_poll()


@task()
def cases_periodic() -> dict:
    """Every few minutes: warn and escalate (SLA and promises), read the inbound mailboxes, then queue
    the next run. Started by `hymy worker` (the `cases_schedule` command); cron can run the
    `cases_sla_check` and `cases_poll_mail` commands instead where no worker can wait."""
    from .inbound import mailboxes_poll

    counts = services.cases_sla_check(now=timezone.now())
    counts["mail"] = mailboxes_poll()
    cases_periodic_schedule()
    return counts


def cases_periodic_schedule(*, now: datetime.datetime | None = None) -> bool:
    """Queue the next periodic run (the next 5-minute slot, see hymy/core/schedule.py) unless the backend
    cannot wait or that run is planned already; every worker computes the same slot, so one chain runs."""
    if not cases_periodic.get_backend().supports_defer:
        return False
    return queue_once(
        name=PERIODIC_RUN, due_at=next_slot(now or timezone.now(), PERIODIC_EVERY), task=cases_periodic
    )
