"""Improvement actions, the learning log, and the weekly digest's subscriptions and deliveries.

R5.4: measuring must lead to action — an action has an owner, a due date, and the metric that should
move, so that "did it help?" can be answered with the numbers. R7.3 / seed 004: successes and
failures are shared daily, and every failure gets a prevention solution and an owner.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hymy.journeys.models import JourneyStage, Touchpoint
from hymy.surveys.models import Answer
from hymy.tenancy.models import Membership, Organization

from .choices import ActionStatus, LearningKind


def metric_choices() -> list[tuple[str, str]]:
    """The metrics as the insights app names them (NPS, CSAT, CES, smileys, yes-share)."""
    from hymy.insights.selectors import METRICS

    return [(metric.key, metric.label) for metric in METRICS]


class ImprovementAction(models.Model):
    """Something the organisation decided to change, and the metric that should show whether it helped.

    The "before" and "after" periods are counted from `started_on` while the action is under way and
    from `completed_on` once it is done (see `effect.action_effect`).
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="improvement_actions"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("owner"),
    )  # fmt: skip
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    metric = models.CharField(_("metric"), max_length=20, choices=metric_choices, default="nps")
    touchpoint = models.ForeignKey(
        Touchpoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="improvement_actions",
        verbose_name=_("touchpoint"), help_text=_("Empty: the whole organisation."),
    )  # fmt: skip
    stage = models.ForeignKey(
        JourneyStage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("journey stage"),
    )  # fmt: skip
    started_on = models.DateField(_("started on"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")
        indexes = [models.Index(fields=["organization", "status", "due_on"])]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)

    def is_overdue_on(self, day) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < day

    @property
    def status_badge(self) -> str:
        return ActionStatus(self.status).badge


class LearningEntry(models.Model):
    """One success or failure shared with the whole team (seed 004's learning log).

    Made from a customer's comment with one click (`source_answer`), or written by hand. A failure gets
    a prevention solution and an owner who sees it through. The comment itself is not copied: if the
    response is erased, the entry keeps its own words and loses only the quote.

    An entry can also come from a case with one click (`source_case`, `learning_entry_from_case`): the
    case's subject and resolution become its title and description.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="learning_entries")
    kind = models.CharField(_("kind"), max_length=10, choices=LearningKind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    description = models.TextField(_("what happened"), blank=True)
    prevention = models.TextField(
        _("how we prevent it from happening again"), blank=True,
        help_text=_("For a failure: the solution the team agreed on."),
    )  # fmt: skip
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("owner"),
    )  # fmt: skip
    touchpoint = models.ForeignKey(
        Touchpoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="learning_entries",
        verbose_name=_("touchpoint"),
    )  # fmt: skip
    happened_on = models.DateField(_("happened on"))
    source_answer = models.ForeignKey(
        Answer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("customer's comment"),
    )  # fmt: skip
    source_case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="learning_entries",
        verbose_name=_("case"),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("learning entry")
        verbose_name_plural = _("learning entries")
        indexes = [models.Index(fields=["organization", "kind", "happened_on"])]
        constraints = [
            # A second click on the same comment opens the entry made by the first.
            models.UniqueConstraint(
                fields=["organization", "source_answer", "kind"],
                condition=Q(source_answer__isnull=False),
                name="learning_entry_one_per_answer_and_kind",
            ),
            # Likewise a second click on the same case.
            models.UniqueConstraint(
                fields=["organization", "source_case", "kind"],
                condition=Q(source_case__isnull=False),
                name="learning_entry_one_per_case_and_kind",
            ),
        ]

    def __str__(self):
        return self.title or f"{self.get_kind_display()} {self.happened_on}"

    @property
    def is_failure(self) -> bool:
        return self.kind == LearningKind.FAILURE

    @property
    def quote(self) -> str:
        """The customer's words the entry was made from ('' when written by hand or erased)."""
        answer = self.source_answer
        return (answer.followup_text or answer.text) if answer is not None else ""

    @property
    def headline(self) -> str:
        return self.title or self.quote or self.description

    @property
    def needs_prevention(self) -> bool:
        """A failure nobody has yet taken on: no solution or no owner."""
        return self.is_failure and (not self.prevention.strip() or self.owner_id is None)


class DigestSubscription(models.Model):
    """A member who wants the weekly digest e-mail ("customer info for every meeting", seed 004)."""

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="digest_subscription"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("weekly digest subscription")
        verbose_name_plural = _("weekly digest subscriptions")

    def __str__(self):
        return str(self.membership)


class DigestDelivery(models.Model):
    """One member's digest for one week: claimed before sending, so that no member gets a week twice
    however many workers or commands run at once."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField(_("week starting"))
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "week_start"], name="digest_delivery_once_a_week")
        ]

    def __str__(self):
        return f"{self.membership} {self.week_start}"
