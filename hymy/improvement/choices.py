from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionStatus(models.TextChoices):
    """Where an improvement action is; `badge` is the CSS class the lists show it with."""

    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")

    @property
    def badge(self) -> str:
        return {"planned": "", "in_progress": "warn", "done": "ok", "dropped": "muted"}[self.value]


# An action is open (still owes something) while planned or in progress.
OPEN_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


class LearningKind(models.TextChoices):
    """Seed 004: successes are shared; failures get a solution that keeps them from happening again."""

    SUCCESS = "success", _("Success")
    FAILURE = "failure", _("Failure")


class Verdict(models.TextChoices):
    """The answer to "did it help?" for an action's metric, before against after."""

    NOT_YET = "not_yet", _("Not started yet")
    TOO_FEW = "too_few", _("Too few answers to say")
    BETTER = "better", _("Yes: better, more than chance")
    WORSE = "worse", _("No: worse, more than chance")
    NO_CLEAR_CHANGE = "no_clear_change", _("No clear change: within chance")
