from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hymy.tenancy.models import Organization

from .choices import ImportKind, ImportStatus, OnMatch, RecordAction


class ImportMapping(models.Model):
    """A remembered column mapping: the next file of the same kind with the same headers gets it."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    # A digest of the file's headers, normalised (see `mapping.header_key`).
    header_key = models.CharField(max_length=64)
    # {"<normalised header>": "<field>"}: by header, so that reordered columns still map.
    fields = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("import mapping")
        verbose_name_plural = _("import mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "header_key"], name="import_mapping_unique"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.header_key[:8]}"


class ImportJob(models.Model):
    """One uploaded file and what became of it: mapping, dry run, import, undo.

    The file itself is kept (`content`) so that the dry run and the import read the very same bytes,
    in a background task, and so that a later look can see what was imported.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="import_jobs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    file_name = models.CharField(_("file"), max_length=255)
    content = models.BinaryField()
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.MAPPING
    )
    headers = models.JSONField(default=list)
    # {"<column index>": "<field>"}; columns not listed are ignored.
    mapping = models.JSONField(default=dict)
    match_by = models.JSONField(default=list, blank=True)
    on_match = models.CharField(
        _("when the customer exists"), max_length=8, choices=OnMatch.choices, default=OnMatch.UPDATE
    )
    all_or_nothing = models.BooleanField(_("import nothing if any row is bad"), default=False)

    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    valid_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    rejected_count = models.PositiveIntegerField(default=0)
    failure = models.TextField(blank=True)

    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "-created_at"])]

    def __str__(self):
        return self.file_name

    @property
    def percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def status_badge(self) -> str:
        return ImportStatus.badge(self.status)

    @property
    def is_busy(self) -> bool:
        return self.status in (ImportStatus.VALIDATING, ImportStatus.RUNNING, ImportStatus.UNDOING)


class ImportRejection(models.Model):
    """A row that was not (or would not be) imported, with its values and each column's problem."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rejections")
    # True for problems found by the dry run; the import replaces them with its own.
    dry_run = models.BooleanField(default=True)
    row_number = models.PositiveIntegerField()  # as a spreadsheet numbers it, header row included
    values = models.JSONField(default=list)
    # {"<field or ''>": "<message>"}
    problems = models.JSONField(default=dict)

    class Meta:
        ordering = ["row_number", "id"]
        indexes = [models.Index(fields=["job", "dry_run", "row_number"])]

    def __str__(self):
        return f"{self.job_id}:{self.row_number}"


class ImportRecord(models.Model):
    """What the import did to one row, so that the import can be undone as a whole.

    `previous` holds an updated customer's values before the import, in the form `customer_update`
    takes them back.
    """

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="records")
    action = models.CharField(max_length=8, choices=RecordAction.choices)
    model = models.CharField(max_length=16)  # "customer", "purchase" or "encounter"
    object_id = models.BigIntegerField()
    previous = models.JSONField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["job", "model", "action"])]

    def __str__(self):
        return f"{self.action} {self.model} {self.object_id}"
