from django_tasks import task

from hymy.tenancy.models import User

from . import services
from .models import ImportJob


def _user(user_id: int | None) -> User | None:
    return User.objects.filter(pk=user_id).first() if user_id else None


@task()
def import_check(job_id: int) -> str:
    return services.import_check(job=ImportJob.objects.get(pk=job_id)).status


@task()
def import_run(job_id: int, actor_id: int | None) -> str:
    return services.import_run(job=ImportJob.objects.get(pk=job_id), actor=_user(actor_id)).status


@task()
def import_undo(job_id: int, actor_id: int | None) -> str:
    return services.import_undo(job=ImportJob.objects.get(pk=job_id), actor=_user(actor_id)).status
