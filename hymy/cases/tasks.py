import datetime

from django.utils import timezone
from django_tasks import task

from . import services
from .models import Case, CaseEvent

# How often the SLA check looks again when it runs on a worker that can schedule it.
SLA_CHECK_EVERY = datetime.timedelta(minutes=5)


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
