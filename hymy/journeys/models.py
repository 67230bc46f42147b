from django.db import models
from django.utils.translation import gettext_lazy as _

from hymy.tenancy.models import Organization, Partner

from .choices import Channel, Tier


class JourneyStage(models.Model):
    """A stage of the customer journey, from first hearing of the brand to after-sales (seed 002)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="journey_stages")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("journey stage")
        verbose_name_plural = _("journey stages")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="stage_unique_name")]

    def __str__(self):
        return self.name


class Touchpoint(models.Model):
    """A place where a customer meets the organisation: a counter, a web page, the call centre.

    `priority` is the importance rank across the whole organisation (1 = most important; seed 000:
    "the food matters more than the music"). A touchpoint run by a partner still belongs to the
    organisation's journey and is measured the same way (R2.3).
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="touchpoints")
    stage = models.ForeignKey(
        JourneyStage, on_delete=models.RESTRICT, related_name="touchpoints", verbose_name=_("journey stage")
    )
    name = models.CharField(_("name"), max_length=160)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.IN_PERSON)
    priority = models.PositiveIntegerField(_("priority"), default=0, help_text=_("1 is the most important."))
    tier = models.CharField(_("experience tier"), max_length=16, choices=Tier.choices, default=Tier.CORE)
    partner = models.ForeignKey(
        Partner,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="touchpoints",
        verbose_name=_("operated by partner"),
        help_text=_("Empty when our own staff serve customers here."),
    )
    expectations = models.TextField(
        _("what customers expect here"), blank=True, help_text=_("A sentence or two, e.g. 'fast, friendly, no queue'.")
    )
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("touchpoint")
        verbose_name_plural = _("touchpoints")
        ordering = ["priority", "id"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="touchpoint_unique_name")]
        indexes = [models.Index(fields=["organization", "priority"])]

    def __str__(self):
        return self.name

    @property
    def is_outsourced(self) -> bool:
        return self.partner_id is not None
