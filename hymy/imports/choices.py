from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    """What one file holds: one kind of row per import."""

    CUSTOMERS = "customers", _("Customers and companies")
    PURCHASES = "purchases", _("Purchases and orders")
    ENCOUNTERS = "encounters", _("Encounters")


class ImportStatus(models.TextChoices):
    MAPPING = "mapping", _("Waiting for the column mapping")
    VALIDATING = "validating", _("Checking the file")
    VALIDATED = "validated", _("Checked, waiting for confirmation")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Nothing imported")
    CANCELLED = "cancelled", _("Cancelled")
    UNDOING = "undoing", _("Undoing")
    UNDONE = "undone", _("Undone")

    @classmethod
    def badge(cls, value: str) -> str:
        return {
            cls.DONE: "badge-ok",
            cls.FAILED: "badge-bad",
            cls.CANCELLED: "badge-muted",
            cls.UNDONE: "badge-muted",
        }.get(value, "")


class MatchBy(models.TextChoices):
    """How a row finds a customer who is already in the register (tried in this order)."""

    EXTERNAL_ID = "external_id", _("External id")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")


class OnMatch(models.TextChoices):
    """What to do with a row whose customer is already in the register."""

    UPDATE = "update", _("Update the existing customer")
    SKIP = "skip", _("Skip the row")
    CREATE = "create", _("Create a new customer anyway")


class RecordAction(models.TextChoices):
    CREATED = "created", _("Created")
    UPDATED = "updated", _("Updated")
