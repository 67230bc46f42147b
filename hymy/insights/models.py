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
