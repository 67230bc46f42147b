from django.shortcuts import get_object_or_404

from hymy.tenancy.models import Organization

from .models import ImportJob


def import_list(*, organization: Organization):
    return ImportJob.objects.filter(organization=organization).defer("content").select_related("created_by")


def import_get(*, organization: Organization, pk: int) -> ImportJob:
    return get_object_or_404(
        ImportJob.objects.select_related("organization"), organization=organization, pk=pk
    )


def rejection_list(*, job: ImportJob):
    """The rejected rows of the last step: the import's own if it ran, else the dry run's."""
    ran = job.rejections.filter(dry_run=False)
    return (
        ran if job.status in ("done", "failed", "undoing", "undone") else job.rejections.filter(dry_run=True)
    )


def rejection_count(*, job: ImportJob) -> int:
    return rejection_list(job=job).count()
