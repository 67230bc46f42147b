from django.db import models
from django.utils.translation import gettext_lazy as _


class SubscriptionStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")

    @classmethod
    def badge(cls, value: str) -> str:
        return {cls.ACTIVE: "badge-ok", cls.PAUSED: "badge-muted"}.get(value, "")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")

    @classmethod
    def badge(cls, value: str) -> str:
        return {cls.DELIVERED: "badge-ok", cls.FAILED: "badge-muted", cls.PENDING: ""}.get(value, "")
