import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hymy.core.texts import text_in
from hymy.customers.models import Customer, Encounter, Purchase
from hymy.journeys.models import Touchpoint
from hymy.tenancy.models import Organization

from .choices import (
    SCORE_RANGES,
    DeviceKind,
    InvitationChannel,
    InvitationStatus,
    Moment,
    OutboxStatus,
    QuestionKind,
    ResponseSource,
    SkipReason,
    SurveyStatus,
)

SURVEY_LANGUAGES = ("fi", "sv", "en")


def new_token() -> str:
    """An unguessable token for public pages (256 bits)."""
    return secrets.token_urlsafe(32)


class Survey(models.Model):
    """A set of questions asked at one or more touchpoints, at a moment of the journey.

    Texts are stored per language ({"fi": …, "sv": …, "en": …}); respondents see their own.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="surveys")
    name = models.CharField(
        _("name"), max_length=200, help_text=_("For your own use; respondents see the title.")
    )
    title = models.JSONField(_("title"), default=dict)
    intro = models.JSONField(_("introduction"), default=dict, blank=True)
    thank_you = models.JSONField(_("thank-you text"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    moment = models.CharField(_("moment"), max_length=10, choices=Moment.choices, default=Moment.AFTER)
    touchpoints = models.ManyToManyField(
        Touchpoint, blank=True, related_name="surveys", verbose_name=_("touchpoints")
    )
    template_key = models.CharField(
        max_length=40, blank=True, help_text="The ready template it was made from."
    )
    public_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # Triggers after an encounter or purchase at one of the touchpoints.
    invite_after_encounters = models.BooleanField(_("invite after encounters"), default=True)
    invite_after_purchases = models.BooleanField(_("invite after purchases"), default=False)
    invitation_delay_minutes = models.PositiveIntegerField(_("delay before inviting (minutes)"), default=120)
    sampling_percent = models.PositiveSmallIntegerField(_("share of customers invited (%)"), default=100)
    reminder_after_days = models.PositiveSmallIntegerField(
        _("reminder after (days)"),
        null=True,
        blank=True,
        help_text=_("Empty: no reminder. At most one is sent."),
    )
    response_edit_minutes = models.PositiveIntegerField(_("answers can be changed for (minutes)"), default=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == SurveyStatus.ACTIVE

    def title_in(self, language: str) -> str:
        return text_in(self.title, language, self.organization.default_language) or self.name


class Question(models.Model):
    """One question of a survey. Any question may have a "Why?" follow-up, asked for some scores only."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(default=1)
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    text = models.JSONField(_("question"), default=dict)
    is_required = models.BooleanField(_("required"), default=False)
    # [{"value": "price", "label": {"fi": "Hinta", "en": "Price"}}]
    choices = models.JSONField(_("choices"), default=list, blank=True)
    scale_min = models.SmallIntegerField(_("scale from"), null=True, blank=True)
    scale_max = models.SmallIntegerField(_("scale to"), null=True, blank=True)
    low_label = models.JSONField(_("label of the low end"), default=dict, blank=True)
    high_label = models.JSONField(_("label of the high end"), default=dict, blank=True)
    followup_text = models.JSONField(_("follow-up question"), default=dict, blank=True)
    followup_min_score = models.SmallIntegerField(_("ask the follow-up from score"), null=True, blank=True)
    followup_max_score = models.SmallIntegerField(_("ask the follow-up up to score"), null=True, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "id"]

    def __str__(self):
        return text_in(self.text, "en")

    @property
    def is_scored(self) -> bool:
        return self.kind in SCORE_RANGES or self.kind == QuestionKind.RATING

    @property
    def score_range(self) -> tuple[int, int] | None:
        if self.kind == QuestionKind.RATING:
            return (self.scale_min if self.scale_min is not None else 1, self.scale_max or 5)
        return SCORE_RANGES.get(self.kind)

    @property
    def has_followup(self) -> bool:
        return any(self.followup_text.values()) if self.followup_text else False

    def followup_applies(self, score: int | None) -> bool:
        """Whether the follow-up is asked after this score (e.g. "What went wrong?" only for NPS 0–6)."""
        if not self.has_followup:
            return False
        if self.followup_min_score is None and self.followup_max_score is None:
            return True
        if score is None:
            return False
        low = self.followup_min_score if self.followup_min_score is not None else score
        high = self.followup_max_score if self.followup_max_score is not None else score
        return low <= score <= high


class ContactPolicy(models.Model):
    """The organisation's limits against survey fatigue (seed 000: "mittaamisen ähky")."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="contact_policy")
    days_between_invitations = models.PositiveSmallIntegerField(
        _("at most one invitation per customer every (days)"), default=30
    )
    quiet_hours_start = models.TimeField(_("quiet hours start"), default=datetime.time(21, 0))
    quiet_hours_end = models.TimeField(_("quiet hours end"), default=datetime.time(8, 0))

    class Meta:
        verbose_name = _("contact policy")
        verbose_name_plural = _("contact policies")

    def __str__(self):
        return f"{self.organization}: {self.days_between_invitations} d"


class Invitation(models.Model):
    """A personal request to answer a survey, sent (or deliberately not sent) to one customer."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="invitations")
    channel = models.CharField(_("channel"), max_length=10, choices=InvitationChannel.choices)
    language = models.CharField(_("language"), max_length=8, default="fi")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    touchpoint = models.ForeignKey(
        Touchpoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    encounter = models.ForeignKey(
        Encounter, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    purchase = models.ForeignKey(Purchase, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.SCHEDULED
    )
    skip_reason = models.CharField(_("why not sent"), max_length=20, choices=SkipReason.choices, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    scheduled_for = models.DateTimeField(_("to be sent"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "customer", "-created_at"]),
            models.Index(fields=["organization", "survey", "status"]),
            models.Index(fields=["status", "scheduled_for"]),
        ]

    def __str__(self):
        return f"{self.survey} → {self.customer}"


class Response(models.Model):
    """One respondent's answers to one survey. Saved question by question, so partial answers count."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="responses")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    invitation = models.OneToOneField(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.SET_NULL, null=True, blank=True, related_name="responses"
    )
    touchpoint = models.ForeignKey(
        Touchpoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="responses"
    )
    # The respondent's own address for answering and changing answers; never shown to others.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    source = models.CharField(_("source"), max_length=12, choices=ResponseSource.choices)
    channel = models.CharField(_("channel"), max_length=16, blank=True)
    language = models.CharField(_("language"), max_length=8, default="fi")
    device = models.CharField(
        _("device"), max_length=10, choices=DeviceKind.choices, default=DeviceKind.UNKNOWN
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    interview_kind = models.CharField(_("interview"), max_length=20, blank=True)
    # A kiosk or widget sends its own key so that a retried submission is stored once.
    idempotency_key = models.CharField(max_length=80, blank=True)
    respondent_key = models.CharField(max_length=64, blank=True, help_text="Hash of the anonymous browser.")
    started_at = models.DateTimeField(_("answered"))
    updated_at = models.DateTimeField(auto_now=True)
    is_complete = models.BooleanField(_("complete"), default=False)
    has_comment = models.BooleanField(_("has a comment"), default=False)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="response_unique_idempotency_key",
            )
        ]
        indexes = [
            models.Index(fields=["organization", "-started_at"]),
            models.Index(fields=["organization", "survey", "-started_at"]),
            models.Index(fields=["organization", "customer", "-started_at"]),
            models.Index(fields=["organization", "touchpoint", "-started_at"]),
        ]

    def __str__(self):
        return f"{self.survey} {self.started_at:%Y-%m-%d}"


class Answer(models.Model):
    """The answer to one question: a score, choices or text, and the follow-up's text."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    score = models.SmallIntegerField(_("score"), null=True, blank=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    text = models.TextField(_("text"), blank=True)
    followup_text = models.TextField(_("why"), blank=True)
    answered_at = models.DateTimeField(_("answered"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_unique_question")
        ]
        indexes = [models.Index(fields=["organization", "question", "score"])]

    def __str__(self):
        return f"{self.question}: {self.score if self.score is not None else self.text[:40]}"


class OutboxMessage(models.Model):
    """Every e-mail and text message Hymy sent for an organisation, readable in the UI (the outbox)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="outbox")
    channel = models.CharField(_("channel"), max_length=10, choices=InvitationChannel.choices)
    recipient = models.CharField(_("to"), max_length=254)
    subject = models.CharField(_("subject"), max_length=250, blank=True)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(blank=True)
    invitation = models.ForeignKey(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.SENT
    )
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent message")
        verbose_name_plural = _("sent messages")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.channel} → {self.recipient}"


class KioskDevice(models.Model):
    """A tablet by the till or the door, paired to a touchpoint by its device token (R3.2)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="kiosks")
    name = models.CharField(_("name"), max_length=120, help_text=_("E.g. 'Tablet by the Kamppi till'."))
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="kiosks", verbose_name=_("survey"))
    touchpoint = models.ForeignKey(
        Touchpoint, on_delete=models.CASCADE, related_name="kiosks", verbose_name=_("touchpoint")
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    reset_seconds = models.PositiveSmallIntegerField(_("back to the start after (seconds)"), default=6)
    is_active = models.BooleanField(_("in use"), default=True)
    last_seen_at = models.DateTimeField(_("last answer received"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kiosk")
        verbose_name_plural = _("kiosks")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class WebWidget(models.Model):
    """A short question that slides in on the organisation's own website, from one <script> tag."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="widgets")
    name = models.CharField(_("name"), max_length=120)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="widgets", verbose_name=_("survey"))
    touchpoint = models.ForeignKey(
        Touchpoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="widgets",
        verbose_name=_("touchpoint"),
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    path_pattern = models.CharField(
        _("show on pages"), max_length=200, blank=True,
        help_text=_("A page path such as /checkout/thanks or /shop/*; empty: every page."),
    )
    delay_seconds = models.PositiveIntegerField(_("after this many seconds on the page"), default=20)
    wait_days = models.PositiveIntegerField(
        _("do not ask the same visitor again for (days)"), default=90,
        help_text=_("Counts from an answer or from closing the question."),
    )
    allowed_origins = models.TextField(
        _("websites allowed"), blank=True,
        help_text=_("One address a line, e.g. https://www.example.fi; empty: any website."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("website widget")
        verbose_name_plural = _("website widgets")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    def allows_origin(self, origin: str) -> bool:
        allowed = [line.strip().rstrip("/") for line in self.allowed_origins.splitlines() if line.strip()]
        return not allowed or origin.rstrip("/") in allowed
