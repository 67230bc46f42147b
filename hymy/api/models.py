from django.db import models
from django.utils.translation import gettext_lazy as _

from hymy.tenancy.models import ApiKey, Organization


class IdempotentRequest(models.Model):
    """The first answer to a POST that carried an `Idempotency-Key`, replayed to every retry.

    The row is inserted in the same transaction as the request's own writes, so a concurrent retry
    waits on the unique (organisation, key) until the first commits, then replays its answer; if the
    first fails, nothing of it is kept and the retry runs anew.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=500)
    body_digest = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("idempotent request")
        verbose_name_plural = _("idempotent requests")
        constraints = [
            models.UniqueConstraint(fields=["organization", "key"], name="idempotent_request_unique_key")
        ]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self):
        return f"{self.method} {self.path} [{self.key}]"
