from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hymy.journeys.models import Touchpoint
from hymy.surveys.models import Question, Survey
from hymy.tenancy.models import Organization


class DailyScoreCount(models.Model):
    """How many answers got one score, per day and cut: one bar of a daily score histogram.

    Summing rows over any period and any combination of touchpoint, channel, survey and question
    gives that slice's exact histogram, from which every metric and its interval follow. Kept up to
    date in the same transaction as each answer; `hymy manage insights_rebuild` recomputes it from the
    answers and says whether the two agree. (Rows without a touchpoint may in a race appear twice,
    since SQL treats NULLs as distinct; every reader sums, so the figures stay exact.)
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    touchpoint = models.ForeignKey(
        Touchpoint, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=16)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    score = models.SmallIntegerField(_("score"))
    count = models.PositiveIntegerField(_("answers"), default=0)

    class Meta:
        verbose_name = _("daily score count")
        verbose_name_plural = _("daily score counts")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "day", "touchpoint", "channel", "survey", "question", "score"],
                name="daily_score_count_unique_cut",
            )
        ]
        indexes = [
            models.Index(fields=["organization", "question", "day"]),
            models.Index(fields=["organization", "touchpoint", "day"]),
        ]

    def __str__(self):
        return f"{self.day} q{self.question_id} {self.score}: {self.count}"


class TargetLevel(models.TextChoices):
    """The three target levels of seed 004: HYVÄ, ERINOMAINEN, IHAN PARAS."""

    GOOD = "good", _("Good")
    EXCELLENT = "excellent", _("Excellent")
    BEST = "best", _("The very best")


class MetricTarget(models.Model):
    """Where a metric should be: the thresholds of GOOD, EXCELLENT and THE VERY BEST.

    For the whole organisation, or for one touchpoint — expectations differ by service (seed 000:
    at a fast-food counter speed matters more than perfection).
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="metric_targets")
    metric = models.CharField(_("metric"), max_length=20)
    touchpoint = models.ForeignKey(
        Touchpoint, on_delete=models.CASCADE, null=True, blank=True, related_name="metric_targets",
        verbose_name=_("touchpoint"), help_text=_("Empty: the whole organisation."),
    )  # fmt: skip
    good = models.FloatField(_("good from"))
    excellent = models.FloatField(_("excellent from"))
    best = models.FloatField(_("the very best from"))

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["metric", "touchpoint__priority"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "metric", "touchpoint"], name="target_unique_context"
            )
        ]

    def __str__(self):
        return f"{self.metric} {self.touchpoint or ''}"

    def level_of(self, value: float | None) -> str:
        """The highest level the value reaches, or '' if it is below GOOD (or unknown)."""
        if value is None:
            return ""
        for level, threshold in ((TargetLevel.BEST, self.best), (TargetLevel.EXCELLENT, self.excellent),
                                 (TargetLevel.GOOD, self.good)):  # fmt: skip
            if value >= threshold:
                return level
        return ""


# The churn rule's limits: a day is the least that means anything; ten years is longer than any rhythm.
CHURN_AFTER_DAYS_MIN = 1
CHURN_AFTER_DAYS_MAX = 3650


class LoyaltySettings(models.Model):
    """How the organisation's loyalty figures are counted: when a customer without purchases has left.

    A grocery shop's customer who has not been seen for two months has probably gone; a telecom's
    subscriber pays monthly without "purchases" and a photographer's client returns every few years.
    Without a row the default (`CHURN_AFTER_DAYS_WITHOUT_PURCHASE`, 365 days) holds.
    """

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="loyalty_settings"
    )
    churn_after_days = models.PositiveIntegerField(
        _("churned after days without a purchase"),
        validators=[MinValueValidator(CHURN_AFTER_DAYS_MIN), MaxValueValidator(CHURN_AFTER_DAYS_MAX)],
    )
    changed_at = models.DateTimeField(_("changed"), auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("loyalty settings")
        verbose_name_plural = _("loyalty settings")

    def __str__(self):
        return f"{self.organization}: {self.churn_after_days} d"
