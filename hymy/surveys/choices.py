from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    NPS = "nps", _("Net Promoter Score (0–10)")
    CSAT = "csat", _("Satisfaction, CSAT (1–5)")
    CES = "ces", _("Customer effort, CES (1–7)")
    SMILEY3 = "smiley3", _("Smileys, three faces")
    SMILEY4 = "smiley4", _("Smileys, four faces")
    YES_NO = "yes_no", _("Yes or no")
    SINGLE_CHOICE = "single_choice", _("One choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Several choices")
    RATING = "rating", _("Rating scale")
    TEXT = "text", _("Free text")


# The score range of each scored kind; a rating question sets its own.
SCORE_RANGES: dict[str, tuple[int, int]] = {
    QuestionKind.NPS: (0, 10),
    QuestionKind.CSAT: (1, 5),
    QuestionKind.CES: (1, 7),
    QuestionKind.SMILEY3: (1, 3),
    QuestionKind.SMILEY4: (1, 4),
    QuestionKind.YES_NO: (0, 1),
}
CHOICE_KINDS = {QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE}


class Moment(models.TextChoices):
    """When in the journey the survey measures (seed 000: before, during or after)."""

    BEFORE = "before", _("Before")
    DURING = "during", _("During")
    AFTER = "after", _("After")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class InvitationChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message")


class InvitationStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    SENT = "sent", _("Sent")
    NOT_SENT = "not_sent", _("Not sent")
    FAILED = "failed", _("Sending failed")


class SkipReason(models.TextChoices):
    """Why an invitation was not sent — shown on the timeline and in the summary."""

    NO_CONSENT = "no_consent", _("No consent to ask for feedback")
    ASKED_RECENTLY = "asked_recently", _("Asked too recently")
    NO_ADDRESS = "no_address", _("No e-mail address or phone number")
    SAMPLED_OUT = "sampled_out", _("Not in the sample")
    ALREADY_ANSWERED = "already_answered", _("Already answered")
    SURVEY_CLOSED = "survey_closed", _("The survey is not active")
    CUSTOMER_CHURNED = "customer_churned", _("The customer has left")


class ResponseSource(models.TextChoices):
    """How a response reached us; metrics can be cut by it."""

    INVITATION = "invitation", _("Personal invitation")
    PUBLIC_LINK = "public_link", _("Public link")
    KIOSK = "kiosk", _("Kiosk")
    WIDGET = "widget", _("Website widget")
    STAFF = "staff", _("Entered by staff")
    PASSIVE = "passive", _("Customer's own feedback")
    IMPORT = "import", _("Import")


class DeviceKind(models.TextChoices):
    MOBILE = "mobile", _("Phone")
    TABLET = "tablet", _("Tablet")
    DESKTOP = "desktop", _("Computer")
    UNKNOWN = "unknown", _("Unknown")


class OutboxStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
