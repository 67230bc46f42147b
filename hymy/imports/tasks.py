from django.utils import translation
from django_tasks import task

from hymy.tenancy.models import User

from . import services
from .models import ImportJob


def _user(user_id: int | None) -> User | None:
    return User.objects.filter(pk=user_id).first() if user_id else None


def _language(job: ImportJob) -> str:
    """Problems are stored as text: in the language of whoever uploaded the file."""
    user = job.created_by
    return (user.language if user and user.language else "") or job.organization.default_language


@task()
def import_check(job_id: int) -> str:
    job = ImportJob.objects.select_related("organization", "created_by").get(pk=job_id)
    with translation.override(_language(job)):
        return services.import_check(job=job).status


@task()
def import_run(job_id: int, actor_id: int | None) -> str:
    job = ImportJob.objects.select_related("organization", "created_by").get(pk=job_id)
    with translation.override(_language(job)):
        return services.import_run(job=job, actor=_user(actor_id)).status


@task()
def import_undo(job_id: int, actor_id: int | None) -> str:
    job = ImportJob.objects.select_related("organization", "created_by").get(pk=job_id)
    with translation.override(_language(job)):
        return services.import_undo(job=job, actor=_user(actor_id)).status
