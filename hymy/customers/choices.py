from django.db import models
from django.utils.translation import gettext_lazy as _


class CustomerKind(models.TextChoices):
    PERSON = "person", _("Person")
    COMPANY = "company", _("Company")


class CustomerStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CHURNED = "churned", _("Churned")

    @classmethod
    def badge(cls, value: str) -> str:
        return {cls.ACTIVE: "badge-ok", cls.CHURNED: "badge-muted"}.get(value, "")


class ConsentSource(models.TextChoices):
    """How a consent was given, so that it can be shown when someone asks."""

    IN_PERSON = "in_person", _("In person")
    WEB_FORM = "web_form", _("Web form")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    CONTRACT = "contract", _("Contract")
    IMPORT = "import", _("Import")
    OTHER = "other", _("Other")


class EncounterOutcome(models.TextChoices):
    """What came of a contact at a touchpoint."""

    SERVED = "served", _("Served")
    SALE = "sale", _("Sale")
    RESOLVED = "resolved", _("Issue resolved")
    UNRESOLVED = "unresolved", _("Issue not resolved")
    COMPLAINT = "complaint", _("Complaint")
    NO_SHOW = "no_show", _("Customer did not show up")
    OTHER = "other", _("Other")


class ChangeAction(models.TextChoices):
    CREATED = "created", _("Created")
    UPDATED = "updated", _("Updated")
    BY_CUSTOMER = "customer", _("Updated by the customer")
    MERGED = "merged", _("Merged")
    UNMERGED = "unmerged", _("Merge undone")
    ERASED = "erased", _("Erased")
