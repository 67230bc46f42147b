import pytest

from hymy.imports import services
from hymy.imports.models import ImportJob


@pytest.fixture
def run_import(organization, owner, django_capture_on_commit_callbacks):
    """`run_import(content, name, kind, **options)`: upload, map as guessed (or as given), check, import.

    Tasks run inline in tests (the immediate backend) once the step's transaction commits, so each
    step is finished when it returns."""

    def run(
        content: bytes,
        file_name: str,
        kind: str = "customers",
        *,
        start: bool = True,
        columns=None,
        **options,
    ):
        job = services.import_upload(
            organization=organization, actor=owner, kind=kind, file_name=file_name, content=content
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.import_mapping_save(
                job=job,
                actor=owner,
                columns=columns if columns is not None else job.mapping,
                match_by=options.get("match_by", job.match_by),
                on_match=options.get("on_match", "update"),
                all_or_nothing=options.get("all_or_nothing", False),
            )
        job = ImportJob.objects.get(pk=job.pk)
        if (
            start
            and job.status == "validated"
            and job.valid_rows
            and not (job.all_or_nothing and job.rejected_count)
        ):
            with django_capture_on_commit_callbacks(execute=True):
                services.import_start(job=job, actor=owner)
            job = ImportJob.objects.get(pk=job.pk)
        return job

    return run
