from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How a customer meets the organisation. Shared by touchpoints and encounters."""

    IN_PERSON = "in_person", _("In person")
    WEB = "web", _("Website")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    SMS = "sms", _("Text message")
    CHAT = "chat", _("Chat")
    SOCIAL = "social", _("Social media")
    APP = "app", _("App")
    DELIVERY = "delivery", _("Delivery")
    MAIL = "mail", _("Letter")
    KIOSK = "kiosk", _("Kiosk")
    OTHER = "other", _("Other")


class Tier(models.TextChoices):
    """The experience tier of a touchpoint (seed 001): basics first, then the extras."""

    CORE = "core", _("Core experience")
    EXTENDED = "extended", _("Extended experience")
    EXCEEDING = "exceeding", _("Exceeding expectations")

    @classmethod
    def badge(cls, value: str) -> str:
        return {cls.CORE: "tier-core", cls.EXTENDED: "tier-extended", cls.EXCEEDING: "tier-exceeding"}.get(
            value, ""
        )
