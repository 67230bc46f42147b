from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    INQUIRY = "inquiry", _("Inquiry")
    FOLLOW_UP = "follow_up", _("Follow-up")
    FEEDBACK = "feedback", _("Feedback needing an answer")


class CaseStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING = "waiting", _("Waiting for the customer")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    MERGED = "merged", _("Merged into another case")

    @classmethod
    def badge(cls, value: str) -> str:
        return {
            cls.NEW: "badge-warn",
            cls.IN_PROGRESS: "",
            cls.WAITING: "badge-muted",
            cls.RESOLVED: "badge-ok",
            cls.CLOSED: "badge-muted",
            cls.MERGED: "badge-muted",
        }.get(value, "")


# Statuses in which a case still needs work (the backlog).
OPEN_STATUSES = (CaseStatus.NEW, CaseStatus.IN_PROGRESS, CaseStatus.WAITING)
# Which status may follow which; reopening is resolved/closed → in progress.
STATUS_TRANSITIONS: dict[str, tuple[str, ...]] = {
    CaseStatus.NEW: (CaseStatus.IN_PROGRESS, CaseStatus.WAITING, CaseStatus.RESOLVED, CaseStatus.CLOSED),
    CaseStatus.IN_PROGRESS: (CaseStatus.WAITING, CaseStatus.RESOLVED, CaseStatus.CLOSED),
    CaseStatus.WAITING: (CaseStatus.IN_PROGRESS, CaseStatus.RESOLVED, CaseStatus.CLOSED),
    CaseStatus.RESOLVED: (CaseStatus.CLOSED, CaseStatus.IN_PROGRESS),
    CaseStatus.CLOSED: (CaseStatus.IN_PROGRESS,),
    CaseStatus.MERGED: (),
}


class CasePriority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")

    @classmethod
    def raised(cls, value: str) -> str:
        """One step more urgent (urgent stays urgent): what an SLA breach does to a case."""
        order = [cls.LOW, cls.NORMAL, cls.HIGH, cls.URGENT]
        return order[min(order.index(value) + 1, len(order) - 1)]


class CaseChannel(models.TextChoices):
    """How the case reached us."""

    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    STORE = "store", _("In the store")
    WEB = "web", _("Feedback page")
    SURVEY = "survey", _("Survey answer")
    API = "api", _("API")


class ReplyVia(models.TextChoices):
    EMAIL = "email", _("Send by e-mail")
    PHONE = "phone", _("Told by phone or in person (record only)")


class CaseEventKind(models.TextChoices):
    CREATED = "created", _("Case opened")
    NOTE = "note", _("Internal note")
    REPLY = "reply", _("Reply to the customer")
    CUSTOMER_MESSAGE = "customer_message", _("Message from the customer")
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement sent")
    STATUS = "status", _("Status changed")
    ASSIGNED = "assigned", _("Assigned")
    PRIORITY = "priority", _("Priority changed")
    MERGED = "merged", _("Merged")
    ATTACHMENT = "attachment", _("Attachment added")
    PROMISE = "promise", _("Promise made")
    PROMISE_KEPT = "promise_kept", _("Promise kept")
    SLA_WARNING = "sla_warning", _("Deadline approaching")
    SLA_BREACH = "sla_breach", _("Deadline missed")
    RECOVERY_SURVEY = "recovery_survey", _("Recovery survey")


# Events the customer has seen or written: these go on the customer's timeline beside the case.
CUSTOMER_FACING_EVENTS = (CaseEventKind.REPLY, CaseEventKind.CUSTOMER_MESSAGE, CaseEventKind.ACKNOWLEDGEMENT)


class SlaTarget(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("First response")
    RESOLUTION = "resolution", _("Resolution")
    PROMISE = "promise", _("Promise to the customer")
