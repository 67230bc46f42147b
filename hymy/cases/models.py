"""Cases: complaints, inquiries, detractor follow-ups and feedback that needs an answer (R5.1–R5.3).

A case has a number per organisation, a status workflow, an assignee (a person or a team), perhaps a
partner that handles it, and a log (`CaseEvent`) of everything that happened: internal notes,
replies e-mailed to the customer, the customer's own messages, changes. Each case keeps a snapshot
of the SLA policy applied when it was opened, so changing a policy later does not rewrite history.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hymy.customers.models import Customer, Tag
from hymy.journeys.choices import Channel
from hymy.journeys.models import Touchpoint
from hymy.tenancy.models import Organization, Partner

from .choices import CaseChannel, CaseEventKind, CaseKind, CasePriority, CaseStatus, ReplyVia, SlaTarget
from .mailbox_secret import mailbox_password_get, mailbox_password_set


class Team(models.Model):
    """A group of people who handle cases together, e.g. 'Customer service' or 'Delivery desk'."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("name"), max_length=120)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="teams", verbose_name=_("members")
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="team_unique_name")]

    def __str__(self):
        return self.name


class CaseSettings(models.Model):
    """One organisation's case rules: which survey answers open a follow-up, and what is automatic."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="case_settings")
    nps_followup_max = models.SmallIntegerField(
        _("open a follow-up for NPS scores up to"),
        null=True,
        blank=True,
        default=6,
        help_text=_("Empty: no follow-ups from NPS answers."),
    )
    csat_followup_max = models.SmallIntegerField(
        _("open a follow-up for CSAT scores up to"),
        null=True,
        blank=True,
        default=2,
        help_text=_("Empty: no follow-ups from CSAT answers."),
    )
    smiley_followup_with_comment = models.BooleanField(
        _("open a follow-up for an unhappy smiley with a comment"), default=True
    )
    send_acknowledgement = models.BooleanField(
        _("acknowledge new cases to the customer by e-mail"), default=True
    )
    send_recovery_survey = models.BooleanField(
        _("ask the customer after resolution how well we fixed it"), default=True
    )
    # Opening hours per weekday (0 = Monday) as [["08:00", "16:00"], …]; null = closed that day.
    opening_hours = models.JSONField(_("opening hours"), default=list, blank=True)

    class Meta:
        verbose_name = _("case settings")
        verbose_name_plural = _("case settings")

    def __str__(self):
        return str(self.organization)


class SlaPolicy(models.Model):
    """First-response and resolution targets in business hours, for a kind and priority of case.

    An empty kind or priority matches any; the most specific policy wins.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="sla_policies")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=CaseKind.choices, blank=True)
    priority = models.CharField(_("priority"), max_length=10, choices=CasePriority.choices, blank=True)
    first_response_minutes = models.PositiveIntegerField(_("first response within (business minutes)"))
    resolution_minutes = models.PositiveIntegerField(_("resolution within (business minutes)"))
    warn_before_minutes = models.PositiveIntegerField(_("warn this many business minutes before"), default=60)

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Case(models.Model):
    """One complaint, inquiry, follow-up or answer owed to a customer, from arrival to closing."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="cases")
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=16, choices=CaseKind.choices, default=CaseKind.INQUIRY)
    status = models.CharField(_("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.NEW)
    priority = models.CharField(
        _("priority"), max_length=10, choices=CasePriority.choices, default=CasePriority.NORMAL
    )
    title = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("what the customer said"), blank=True)
    channel = models.CharField(
        _("arrived by"), max_length=10, choices=CaseChannel.choices, default=CaseChannel.PHONE
    )
    language = models.CharField(_("language"), max_length=8, default="fi")
    customer = models.ForeignKey(
        Customer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("customer"),
    )
    # Where to write when there is no customer record (an e-mail from an unknown address).
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    touchpoint = models.ForeignKey(
        Touchpoint,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("touchpoint"),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("partner"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("assigned to"),
    )
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="cases", verbose_name=_("team")
    )
    source_response = models.OneToOneField(
        "surveys.Response",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case",
        verbose_name=_("from the survey answer"),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_cases",
        verbose_name=_("merged into"),
    )
    resolution = models.TextField(_("how it was resolved"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("opened"))
    updated_at = models.DateTimeField(auto_now=True)
    first_responded_at = models.DateTimeField(_("first response"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    # The SLA applied: a copy of the policy's targets when the case was opened, and the clocks.
    sla_policy = models.JSONField(_("SLA policy applied"), default=dict, blank=True)
    first_response_due_at = models.DateTimeField(_("first response due"), null=True, blank=True)
    resolution_due_at = models.DateTimeField(_("resolution due"), null=True, blank=True)
    paused_since = models.DateTimeField(_("clock paused since"), null=True, blank=True)
    paused_minutes = models.PositiveIntegerField(_("business minutes paused"), default=0)
    first_response_warned_at = models.DateTimeField(null=True, blank=True)
    resolution_warned_at = models.DateTimeField(null=True, blank=True)

    # The thread's first Message-ID, so that every reply is threaded in the customer's mail program.
    thread_message_id = models.CharField(max_length=250, blank=True)
    recovery_invitation = models.ForeignKey(
        "surveys.Invitation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["organization", "number"], name="case_unique_number")]
        indexes = [
            models.Index(fields=["organization", "status", "-created_at"]),
            models.Index(fields=["organization", "customer", "-created_at"]),
            models.Index(fields=["organization", "partner", "status"]),
        ]

    def __str__(self):
        return f"#{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in (CaseStatus.NEW, CaseStatus.IN_PROGRESS, CaseStatus.WAITING)

    @property
    def is_paused(self) -> bool:
        return self.paused_since is not None

    @property
    def reply_address(self) -> str:
        return (self.customer.email if self.customer_id and self.customer.email else "") or self.contact_email

    @property
    def status_badge(self) -> str:
        return CaseStatus.badge(self.status)

    def is_overdue(self, now: datetime.datetime) -> bool:
        if not self.is_open or self.is_paused:
            return False
        late_response = (
            self.first_responded_at is None
            and self.first_response_due_at
            and self.first_response_due_at < now
        )
        late_resolution = self.resolution_due_at and self.resolution_due_at < now
        return bool(late_response or late_resolution)


class CaseEvent(models.Model):
    """One line of a case's log. Replies and customer messages keep their e-mail Message-ID."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=CaseEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("text"), blank=True)
    via = models.CharField(_("via"), max_length=10, choices=ReplyVia.choices, blank=True)
    # Details of a change, e.g. {"from": "new", "to": "in_progress"}.
    data = models.JSONField(default=dict, blank=True)
    message_id = models.CharField(max_length=250, blank=True)
    created_at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["case", "created_at"]),
            models.Index(fields=["organization", "message_id"]),
        ]

    def __str__(self):
        return f"{self.case} {self.kind}"


def attachment_path(instance: "CaseAttachment", filename: str) -> str:
    # Never the customer's own name on disk: a random name in a per-organisation folder.
    import secrets

    return f"cases/{instance.organization_id}/{secrets.token_hex(16)}"


class CaseAttachment(models.Model):
    """A file on a case (a photo of the broken product, a receipt). Served only to members who may see the case."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.name


class CasePromise(models.Model):
    """A promise made to the customer ('ready in 15 minutes', 'we call you tomorrow'), tracked like an SLA."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="promises")
    text = models.CharField(_("what was promised"), max_length=300)
    due_at = models.DateTimeField(_("by"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("made"))
    kept_at = models.DateTimeField(_("kept"), null=True, blank=True)
    warned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("promise")
        verbose_name_plural = _("promises")
        ordering = ["due_at", "id"]

    def __str__(self):
        return self.text


class SlaBreach(models.Model):
    """The breach log: a deadline of a case (first response, resolution or a promise) that was missed."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="breaches")
    target = models.CharField(_("deadline"), max_length=16, choices=SlaTarget.choices)
    promise = models.ForeignKey(
        CasePromise, on_delete=models.CASCADE, null=True, blank=True, related_name="breaches"
    )
    due_at = models.DateTimeField(_("was due"))
    breached_at = models.DateTimeField(_("noticed"))
    priority_before = models.CharField(max_length=10, choices=CasePriority.choices)
    priority_after = models.CharField(max_length=10, choices=CasePriority.choices)

    class Meta:
        verbose_name = _("SLA breach")
        verbose_name_plural = _("SLA breaches")
        ordering = ["breached_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "target"],
                condition=models.Q(promise__isnull=True),
                name="breach_once_per_target",
            ),
            models.UniqueConstraint(fields=["promise"], name="breach_once_per_promise"),
        ]

    def __str__(self):
        return f"{self.case} {self.target}"


class RoutingRule(models.Model):
    """Where new cases go: the first active rule (by position) whose every given condition matches."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="routing_rules")
    position = models.PositiveIntegerField(_("order"), default=1)
    name = models.CharField(_("name"), max_length=120)
    is_active = models.BooleanField(_("in use"), default=True)
    touchpoint = models.ForeignKey(
        Touchpoint,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("touchpoint"),
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("partner")
    )
    channel = models.CharField(_("arrived by"), max_length=10, choices=CaseChannel.choices, blank=True)
    touchpoint_channel = models.CharField(
        _("touchpoint channel"), max_length=16, choices=Channel.choices, blank=True
    )
    customer_tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("customer tag")
    )
    words = models.CharField(
        _("words in the text"),
        max_length=300,
        blank=True,
        help_text=_("Comma-separated; any one of them found in the subject or text matches."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CaseKind.choices, blank=True)
    assign_team = models.ForeignKey(
        Team, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("to team")
    )
    assign_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to person"),
    )
    set_priority = models.CharField(
        _("set priority"), max_length=10, choices=CasePriority.choices, blank=True
    )

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class ReplyTemplate(models.Model):
    """A reply in the organisation's tone of voice, per language, with {name}, {case_number} and {promised_date}."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="reply_templates")
    name = models.CharField(_("name"), max_length=120)
    # {"fi": "…", "sv": "…", "en": "…"}
    body = models.JSONField(_("text"), default=dict)
    is_acknowledgement = models.BooleanField(_("use as the acknowledgement of new cases"), default=False)

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        ordering = ["name"]

    def __str__(self):
        return self.name


class InboundMailbox(models.Model):
    """The organisation's IMAP mailbox for customer e-mail: new messages become cases, replies thread in."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="inbound_mailbox"
    )
    address = models.EmailField(_("address customers write to"))
    host = models.CharField(_("IMAP server"), max_length=200)
    port = models.PositiveIntegerField(_("port"), default=993)
    use_ssl = models.BooleanField(_("use TLS"), default=True)
    username = models.CharField(_("user name"), max_length=200)
    # Fernet token, never the password itself: read and write through the `password` property.
    password_encrypted = models.CharField(_("password (encrypted)"), max_length=500, blank=True)
    folder = models.CharField(_("folder"), max_length=100, default="INBOX")
    is_active = models.BooleanField(_("in use"), default=True)
    last_uid = models.PositiveBigIntegerField(default=0)
    uid_validity = models.PositiveBigIntegerField(default=0)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("inbound mailbox")
        verbose_name_plural = _("inbound mailboxes")

    def __str__(self):
        return self.address

    @property
    def password(self) -> str:
        return mailbox_password_get(self)

    @password.setter
    def password(self, value: str) -> None:
        mailbox_password_set(self, value)
