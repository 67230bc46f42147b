"""`hymy import FILE --organization SLUG`: the same import as the web pages, without asking.

The mapping is the one remembered for files with these headers, else the guess from the headers.
The whole file is checked first; with --dry-run nothing more happens. Rejected rows can be written to a
CSV file with their reasons (--rejected PATH).
"""

import csv
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from hymy.imports import mapping, services
from hymy.imports.choices import ImportKind, MatchBy, OnMatch
from hymy.imports.models import ImportJob
from hymy.tenancy.models import Organization, User


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--organization", required=True, help="the organisation's address name (slug)")
        parser.add_argument("--kind", choices=ImportKind.values, default=ImportKind.CUSTOMERS)
        parser.add_argument("--match-by", default="external_id,email,phone", help="comma-separated, in order")
        parser.add_argument("--on-match", choices=OnMatch.values, default=OnMatch.UPDATE)
        parser.add_argument("--all-or-nothing", action="store_true", help="import nothing if any row is bad")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
        parser.add_argument("--as-user", default="", help="e-mail of the member recorded as the importer")
        parser.add_argument(
            "--rejected", type=Path, help="write the rejected rows and reasons to this CSV file"
        )

    def handle(self, *args, **options):
        # The command speaks English, as the rest of the `hymy` command does; so do the stored reasons.
        with translation.override("en"):
            self._import(options)

    def _import(self, options):
        organization = Organization.objects.filter(slug=options["organization"]).first()
        if organization is None:
            raise CommandError(f"No organisation with the address name {options['organization']!r}.")
        actor = None
        if options["as_user"]:
            actor = User.objects.filter(
                email__iexact=options["as_user"], memberships__organization=organization
            ).first()
            if actor is None:
                raise CommandError(f"{options['as_user']} is not a member of {organization.name}.")
        match_by = [value for value in options["match_by"].split(",") if value]
        if set(match_by) - set(MatchBy.values):
            raise CommandError(f"--match-by takes {', '.join(MatchBy.values)}.")
        try:
            job = services.import_upload(
                organization=organization,
                actor=actor,
                kind=options["kind"],
                file_name=options["file"].name,
                content=options["file"].read_bytes(),
            )
            with transaction.atomic():
                services.import_mapping_save(
                    job=job, actor=actor, columns=job.mapping, match_by=match_by, on_match=options["on_match"],
                    all_or_nothing=options["all_or_nothing"], check=False,
                )  # fmt: skip
        except (ValidationError, OSError) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error
        labels = {field.name: str(field.label) for field in mapping.fields_for(job.kind)}
        for column, name in sorted(job.mapping.items(), key=lambda item: int(item[0])):
            self.stdout.write(f"  {job.headers[int(column)]!r} → {labels[name]}")
        job = services.import_check(job=job)
        self.stdout.write(
            f"Checked {job.total_rows} rows: {job.created_count} new, {job.updated_count} to update, "
            f"{job.skipped_count} to skip, {job.rejected_count} with problems."
        )
        if not options["dry_run"] and job.valid_rows and not (job.all_or_nothing and job.rejected_count):
            job.status = "running"
            job.save(update_fields=["status"])
            job = services.import_run(job=ImportJob.objects.get(pk=job.pk), actor=actor)
            self.stdout.write(
                f"Import {job.pk}: {job.get_status_display()}: {job.created_count} created, {job.updated_count} "
                f"updated, {job.skipped_count} skipped, {job.rejected_count} rejected. {job.failure}".strip()
            )
        elif not options["dry_run"]:
            self.stdout.write("Nothing imported.")
        if options["rejected"]:
            self._write_rejected(job, options["rejected"], labels)

    def _write_rejected(self, job, path: Path, labels) -> None:
        from hymy.core.exports import neutralise
        from hymy.imports.selectors import rejection_list

        with path.open("w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(["Row", *job.headers, "Problems"])
            for rejection in rejection_list(job=job):
                reasons = "; ".join(
                    f"{labels.get(k, k)}: {v}" if k else v for k, v in rejection.problems.items()
                )
                writer.writerow(
                    [rejection.row_number, *[neutralise(str(v)) for v in rejection.values], reasons]
                )
        self.stdout.write(f"Rejected rows written to {path}.")
