from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hymy.customers.models import Customer
from hymy.tenancy.models import Organization

from .choices import PrivacyRequestKind


class PrivacyRequest(models.Model):
    """The log of what was done with personal data: who, when, what and to whom.

    It names the customer only by the link to its row (which after an erasure is an anonymous shell)
    and counts rows per model, so the log itself holds no personal data.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=PrivacyRequestKind.choices)
    customer = models.ForeignKey(
        Customer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("customer"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    file_format = models.CharField(_("format"), max_length=8, blank=True)
    # {"customers.encounter": 3, …}: how many rows of each model were exported or anonymised.
    rows = models.JSONField(_("rows"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("privacy request")
        verbose_name_plural = _("privacy requests")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "-created_at"])]

    def __str__(self):
        return f"{self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def row_total(self) -> int:
        return sum(self.rows.values())


class RetentionPolicy(models.Model):
    """How long the organisation keeps identifiable responses and cases before anonymising them."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="retention_policy"
    )
    responses_years = models.PositiveSmallIntegerField(
        _("anonymise responses after (years)"), null=True, blank=True, help_text=_("Empty: keep them.")
    )
    cases_years = models.PositiveSmallIntegerField(
        _("anonymise cases after (years)"), null=True, blank=True, help_text=_("Empty: keep them.")
    )
    # The run the task chain expects next; a newer chain (settings saved again) makes older ones stop.
    next_run_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")

    def __str__(self):
        return f"{self.organization}: {self.responses_years} / {self.cases_years}"

    def years_for(self, group: str) -> int | None:
        return getattr(self, f"{group}_years", None)
