from django.db import models
from django.utils.translation import gettext_lazy as _

from hymy.tenancy.models import Organization


class DemoTruth(models.Model):
    """What the demo simulator planted in an organisation's data, so that analyses can be checked.

    The simulator draws customers with hidden traits and touchpoints with a hidden quality, and lets
    outcomes drive churn. `truth` keeps those planted values (and the realised counts) as plain JSON,
    so a test, a benchmark or a curious analyst can compare what Hymy finds with what is really there.
    """

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="demo_truth", verbose_name=_("organisation")
    )
    seed = models.IntegerField(_("seed"))
    scale = models.FloatField(_("scale"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    truth = models.JSONField(_("planted truth"), default=dict)

    class Meta:
        verbose_name = _("demo truth")
        verbose_name_plural = _("demo truths")

    def __str__(self):
        return f"{self.organization} (seed {self.seed}, scale {self.scale:g})"
