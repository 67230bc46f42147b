"""Every write of cases: opening them (by staff, from survey answers, the feedback page, e-mail),
the workflow, replies and notes, assignment and routing, merging, attachments, promises, the SLA
check that warns and escalates, and the recovery survey after resolution.

No signals: whoever makes something happen calls the service. E-mail goes out through tasks queued
when the transaction commits (tasks.py), so a rolled-back change never reaches a customer.
"""

import datetime
from email.utils import make_msgid, parseaddr

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hymy.customers.models import Customer
from hymy.journeys.models import Touchpoint
from hymy.tenancy.models import Membership, Organization, Partner, User

from .choices import (
    STATUS_TRANSITIONS,
    CaseChannel,
    CaseEventKind,
    CaseKind,
    CasePriority,
    CaseStatus,
    ReplyVia,
    SlaTarget,
)
from .models import (
    Case,
    CaseAttachment,
    CaseEvent,
    CasePromise,
    CaseSettings,
    InboundMailbox,
    ReplyTemplate,
    RoutingRule,
    SlaBreach,
    SlaPolicy,
    Team,
)
from .sla import calendar_for, sla_clocks_pause, sla_clocks_resume, sla_clocks_start, sla_policy_snapshot
from .webhooks import case_event_publish

MAX_TEXT_LENGTH = 20000
# A promise to the customer is warned about this long before it falls due (wall-clock time).
PROMISE_WARNING = datetime.timedelta(minutes=5)


def _on_commit_enqueue(task, *args) -> None:
    transaction.on_commit(lambda: task.enqueue(*args))


# --- Settings and teams -----------------------------------------------------------------------


def case_settings_get(*, organization: Organization) -> CaseSettings:
    found = CaseSettings.objects.filter(organization=organization).first()
    return found if found is not None else CaseSettings(organization=organization)


def case_settings_update(*, organization: Organization, **fields) -> CaseSettings:
    case_settings, _created = CaseSettings.objects.get_or_create(organization=organization)
    for field, value in fields.items():
        setattr(case_settings, field, value)
    case_settings.full_clean()
    case_settings.save()
    return case_settings


def inbound_mailbox_save(
    *,
    organization: Organization,
    actor: User | None,
    address: str,
    host: str,
    port: int,
    use_ssl: bool,
    username: str,
    password: str,
    folder: str,
    is_active: bool,
) -> InboundMailbox:
    """Create or change the organisation's mailbox; an empty password keeps the stored one."""
    mailbox = InboundMailbox.objects.filter(organization=organization).first() or InboundMailbox(
        organization=organization
    )
    # Another server, account or folder numbers its messages anew: read it from the start (Message-IDs
    # already in cases are still skipped, so nothing is made twice).
    if mailbox.pk and not password and (mailbox.host, mailbox.username) != (host, username):
        # Otherwise anyone who may change the settings could send the stored password to a server of theirs.
        raise ValidationError({"password": _("Enter the password again when the server or user name changes.")})
    if (mailbox.host, mailbox.username, mailbox.folder) != (host, username, folder):
        mailbox.last_uid = mailbox.uid_validity = 0
    mailbox.address, mailbox.host, mailbox.port, mailbox.use_ssl = address, host, port, use_ssl
    mailbox.username, mailbox.folder, mailbox.is_active = username, folder, is_active
    if password:
        mailbox.password = password
    if not mailbox.password_encrypted:
        raise ValidationError({"password": _("Enter the mailbox's password.")})
    mailbox.full_clean()
    mailbox.save()
    return mailbox


def team_create(*, organization: Organization, name: str, members: list[User] = ()) -> Team:
    team = Team(organization=organization, name=name)
    team.full_clean()
    with transaction.atomic():
        team.save()
        member_ids = set(
            Membership.objects.filter(organization=organization, user__in=members).values_list(
                "user_id", flat=True
            )
        )
        if len(member_ids) != len(set(members)):
            raise ValidationError({"members": _("Choose members of this organisation.")})
        team.members.set(members)
    return team


# --- Opening a case ---------------------------------------------------------------------------


def _message_id(organization: Organization) -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "hymy.invalid"
    return make_msgid(idstring=f"case.{organization.pk}", domain=domain)


def _event(case: Case, kind: str, *, actor: User | None = None, at=None, **fields) -> CaseEvent:
    event = CaseEvent(
        organization_id=case.organization_id, case=case, kind=kind, actor=actor,
        created_at=at or timezone.now(), **fields,
    )  # fmt: skip
    event.save()
    return event


def _check_same_organization(organization: Organization, **objects) -> None:
    errors = {}
    for field, obj in objects.items():
        if obj is not None and obj.organization_id != organization.pk:
            errors[field] = _("Choose one of this organisation's.")
    if errors:
        raise ValidationError(errors)


def _clean_text(value: str, field: str) -> str:
    value = (value or "").strip()
    if len(value) > MAX_TEXT_LENGTH:
        raise ValidationError(
            {field: _("Please keep it under %(limit)s characters.") % {"limit": MAX_TEXT_LENGTH}}
        )
    return value


@transaction.atomic
def case_create(
    *,
    organization: Organization,
    actor: User | None,
    title: str,
    kind: str = CaseKind.INQUIRY,
    description: str = "",
    channel: str = CaseChannel.PHONE,
    customer: Customer | None = None,
    contact_email: str = "",
    touchpoint: Touchpoint | None = None,
    partner: Partner | None = None,
    priority: str = CasePriority.NORMAL,
    language: str = "",
    assignee: User | None = None,
    team: Team | None = None,
    source_response=None,
    message_id: str = "",
    created_at: datetime.datetime | None = None,
    acknowledge: bool = True,
) -> Case:
    """Open a case: give it the next number, its SLA snapshot and due times, route it, acknowledge it."""
    _check_same_organization(
        organization, customer=customer, touchpoint=touchpoint, partner=partner, team=team
    )
    if (
        assignee is not None
        and not Membership.objects.filter(organization=organization, user=assignee).exists()
    ):
        raise ValidationError({"assignee": _("Choose a member of this organisation.")})
    if partner is None and touchpoint is not None:
        partner = touchpoint.partner
    # Lock the organisation while numbering, so two cases opened at once get different numbers.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    number = (Case.objects.filter(organization=organization).aggregate(last=Max("number"))["last"] or 0) + 1
    case = Case(
        organization=organization,
        number=number,
        kind=kind,
        priority=priority,
        title=(title or "").strip()[:200],
        description=_clean_text(description, "description"),
        channel=channel,
        customer=customer,
        contact_email=contact_email,
        touchpoint=touchpoint,
        partner=partner,
        assignee=assignee,
        team=team,
        source_response=source_response,
        language=language or (customer.language if customer else "") or organization.default_language,
        created_by=actor,
        created_at=created_at or timezone.now(),
        thread_message_id=message_id,
    )
    case.sla_policy = sla_policy_snapshot(organization=organization, kind=kind, priority=priority)
    sla_clocks_start(case=case, calendar=calendar_for(organization=organization))
    case.full_clean(
        exclude=["customer", "touchpoint", "partner", "team", "assignee", "source_response", "created_by"]
    )
    case.save()
    _event(case, CaseEventKind.CREATED, actor=actor, at=case.created_at, body=case.description,
           message_id=message_id, data={"channel": channel})  # fmt: skip
    if assignee is None and team is None:
        case_route(case=case)
    if (
        acknowledge
        and case_settings_get(organization=organization).send_acknowledgement
        and case.reply_address
    ):
        case_acknowledge(case=case)
    _sla_check_schedule(case)
    case_event_publish(case=case, event="case.created")
    return case


def case_route(*, case: Case) -> RoutingRule | None:
    """Assign the case by the first matching routing rule; the log says which rule."""
    text = f"{case.title}\n{case.description}".casefold()
    tags = set(case.customer.tags.values_list("pk", flat=True)) if case.customer_id else set()
    rules = RoutingRule.objects.filter(organization_id=case.organization_id, is_active=True)
    for rule in rules:
        words = [word.strip().casefold() for word in rule.words.split(",") if word.strip()]
        conditions = [
            rule.touchpoint_id is None or rule.touchpoint_id == case.touchpoint_id,
            rule.partner_id is None or rule.partner_id == case.partner_id,
            not rule.channel or rule.channel == case.channel,
            not rule.touchpoint_channel
            or (case.touchpoint is not None and case.touchpoint.channel == rule.touchpoint_channel),
            rule.customer_tag_id is None or rule.customer_tag_id in tags,
            not rule.kind or rule.kind == case.kind,
            not words or any(word in text for word in words),
        ]
        if all(conditions):
            case.team = rule.assign_team or case.team
            case.assignee = rule.assign_user or case.assignee
            if rule.set_priority:
                case.priority = rule.set_priority
            case.save(update_fields=["team", "assignee", "priority", "updated_at"])
            _event(case, CaseEventKind.ASSIGNED, body=rule.name, data={
                "rule": rule.pk,
                "team": case.team.name if case.team else "",
                "assignee": str(case.assignee) if case.assignee else "",
            })  # fmt: skip
            return rule
    return None


# --- Templates and the acknowledgement ---------------------------------------------------------


def promised_date_text(case: Case) -> str:
    """The first-response due time in the case's language, e.g. '8.12.2025 klo 10.00'."""
    from django.utils import formats, translation

    if case.first_response_due_at is None:
        return ""
    with translation.override(case.language):
        return formats.date_format(timezone.localtime(case.first_response_due_at), "SHORT_DATETIME_FORMAT")


def reply_template_render(*, template: ReplyTemplate, case: Case) -> str:
    """The template in the case's language with {name}, {case_number} and {promised_date} filled in."""
    from hymy.core.texts import text_in

    text = text_in(template.body, case.language)
    values = {
        "name": case.customer.name if case.customer_id else "",
        "case_number": f"#{case.number}",
        "promised_date": promised_date_text(case),
    }
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def _acknowledgement_text(case: Case) -> str:
    from django.utils import translation

    template = ReplyTemplate.objects.filter(
        organization_id=case.organization_id, is_acknowledgement=True
    ).first()
    if template is not None:
        return reply_template_render(template=template, case=case)
    with translation.override(case.language):
        return _(
            "Thank you for contacting us. Your case number is %(number)s. "
            "We will answer you by %(promised)s at the latest."
        ) % {"number": f"#{case.number}", "promised": promised_date_text(case)}


def case_acknowledge(*, case: Case) -> CaseEvent:
    """Tell the customer we have their message, its case number and when they will hear from us."""
    from .tasks import case_event_email_send

    event = _event(case, CaseEventKind.ACKNOWLEDGEMENT, body=_acknowledgement_text(case), via=ReplyVia.EMAIL,
                   message_id=_message_id(case.organization))  # fmt: skip
    _on_commit_enqueue(case_event_email_send, event.pk)
    return event


# --- The log: notes, replies, the customer's messages --------------------------------------------


def case_note_add(*, case: Case, actor: User, body: str) -> CaseEvent:
    body = _clean_text(body, "body")
    if not body:
        raise ValidationError({"body": _("Write the note.")})
    return _event(case, CaseEventKind.NOTE, actor=actor, body=body)


@transaction.atomic
def case_reply(*, case: Case, actor: User, body: str, via: str = ReplyVia.EMAIL) -> CaseEvent:
    """Answer the customer: by e-mail (threaded with the case's earlier messages), or record an answer
    given by phone or in person. The first one stops the first-response clock."""
    from .tasks import case_event_email_send

    body = _clean_text(body, "body")
    if not body:
        raise ValidationError({"body": _("Write the reply.")})
    if case.status == CaseStatus.MERGED:
        raise ValidationError(_("This case was merged; answer in the case it was merged into."))
    if via == ReplyVia.EMAIL and not case.reply_address:
        raise ValidationError(
            {"via": _("The customer has no e-mail address; record a phone answer instead.")}
        )
    case = Case.objects.select_for_update().get(pk=case.pk)
    now = timezone.now()
    event = _event(case, CaseEventKind.REPLY, actor=actor, at=now, body=body, via=via,
                   message_id=_message_id(case.organization) if via == ReplyVia.EMAIL else "")  # fmt: skip
    if case.first_responded_at is None:
        case.first_responded_at = now
    if case.status == CaseStatus.NEW:
        case.status = CaseStatus.IN_PROGRESS
    case.save(update_fields=["first_responded_at", "status", "updated_at"])
    if via == ReplyVia.EMAIL:
        _on_commit_enqueue(case_event_email_send, event.pk)
    return event


@transaction.atomic
def case_customer_message_add(
    *, case: Case, body: str, message_id: str = "", received_at: datetime.datetime | None = None
) -> CaseEvent:
    """The customer wrote again: log it; a case waiting for them goes back to work, a resolved one reopens."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    now = received_at or timezone.now()
    event = _event(case, CaseEventKind.CUSTOMER_MESSAGE, at=now, body=_clean_text(body, "body")[:MAX_TEXT_LENGTH],
                   message_id=message_id)  # fmt: skip
    if case.status in (CaseStatus.WAITING, CaseStatus.RESOLVED, CaseStatus.CLOSED):
        _status_change(case, CaseStatus.IN_PROGRESS, actor=None, now=now)
        case.save()
    return event


# --- Workflow -----------------------------------------------------------------------------------


def _status_change(
    case: Case, status: str, *, actor: User | None, now: datetime.datetime, resolution: str = ""
) -> None:
    previous = case.status
    calendar = calendar_for(organization=case.organization)
    if status == CaseStatus.WAITING:
        sla_clocks_pause(case=case, now=now)
    elif previous == CaseStatus.WAITING:
        sla_clocks_resume(case=case, now=now, calendar=calendar)
    if status == CaseStatus.RESOLVED:
        case.resolved_at = now
        if resolution:
            case.resolution = resolution
    if status == CaseStatus.CLOSED:
        case.closed_at = now
        case.resolved_at = case.resolved_at or now
    if status == CaseStatus.IN_PROGRESS and previous in (CaseStatus.RESOLVED, CaseStatus.CLOSED):
        case.resolved_at = None
        case.closed_at = None
    case.status = status
    _event(case, CaseEventKind.STATUS, actor=actor, at=now, body=resolution,
           data={"from": previous, "to": status, "reopened": status == CaseStatus.IN_PROGRESS and previous in (CaseStatus.RESOLVED, CaseStatus.CLOSED)})  # fmt: skip


@transaction.atomic
def case_status_set(*, case: Case, actor: User | None, status: str, resolution: str = "") -> Case:
    """Move the case along new → in progress → waiting → resolved → closed, or reopen it."""
    case = Case.objects.select_for_update().select_related("organization").get(pk=case.pk)
    if status == case.status:
        return case
    if status not in STATUS_TRANSITIONS.get(case.status, ()):
        raise ValidationError({"status": _("A case cannot go from “%(from)s” to “%(to)s”.") % {
            "from": CaseStatus(case.status).label, "to": CaseStatus(status).label if status in CaseStatus.values else status,
        }})  # fmt: skip
    resolution = _clean_text(resolution, "resolution")
    if status == CaseStatus.RESOLVED and not (resolution or case.resolution):
        raise ValidationError({"resolution": _("Say how the case was resolved.")})
    now = timezone.now()
    _status_change(case, status, actor=actor, now=now, resolution=resolution)
    case.save()
    if status == CaseStatus.RESOLVED:
        case_recovery_survey_send(case=case)
        case_event_publish(case=case, event="case.resolved")
    _sla_check_schedule(case)
    return case


@transaction.atomic
def case_assign(
    *,
    case: Case,
    actor: User,
    membership: Membership | None = None,
    assignee: User | None = None,
    team: Team | None = None,
    partner: Partner | None = None,
) -> Case:
    """Give the case to a person and/or a team, and to a partner company (a partner user keeps its own)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    organization = case.organization
    _check_same_organization(organization, team=team, partner=partner)
    if membership is not None and membership.is_partner:
        if partner != case.partner or team != case.team:
            raise PermissionDenied
        if (
            assignee is not None
            and not Membership.objects.filter(
                organization=organization, user=assignee, partner=membership.partner
            ).exists()
        ):
            raise ValidationError({"assignee": _("Choose a person of your own company.")})
    if (
        assignee is not None
        and not Membership.objects.filter(organization=organization, user=assignee).exists()
    ):
        raise ValidationError({"assignee": _("Choose a member of this organisation.")})
    case.assignee, case.team, case.partner = assignee, team, partner
    case.save(update_fields=["assignee", "team", "partner", "updated_at"])
    _event(case, CaseEventKind.ASSIGNED, actor=actor, data={
        "assignee": str(assignee) if assignee else "",
        "team": team.name if team else "",
        "partner": partner.name if partner else "",
    })  # fmt: skip
    return case


def case_priority_set(*, case: Case, actor: User | None, priority: str) -> Case:
    if priority not in CasePriority.values:
        raise ValidationError({"priority": _("Choose one of the options.")})
    if priority != case.priority:
        _event(case, CaseEventKind.PRIORITY, actor=actor, data={"from": case.priority, "to": priority})
        case.priority = priority
        case.save(update_fields=["priority", "updated_at"])
    return case


@transaction.atomic
def case_merge(*, case: Case, into: Case, actor: User) -> Case:
    """A duplicate is merged into another open case: its log stays, it closes, and its messages and
    later replies thread into the other case."""
    if into.organization_id != case.organization_id or into.pk == case.pk:
        raise ValidationError({"into": _("Choose another case of this organisation.")})
    if into.status == CaseStatus.MERGED:
        raise ValidationError({"into": _("That case was itself merged; choose the case it was merged into.")})
    if case.status == CaseStatus.MERGED:
        raise ValidationError(_("This case is already merged."))
    case = Case.objects.select_for_update().get(pk=case.pk)
    now = timezone.now()
    if case.status == CaseStatus.WAITING:
        sla_clocks_resume(case=case, now=now, calendar=calendar_for(organization=case.organization))
    _event(case, CaseEventKind.MERGED, actor=actor, at=now, data={"into": into.number})
    _event(into, CaseEventKind.MERGED, actor=actor, at=now, body=case.description, data={"from": case.number})
    case.status = CaseStatus.MERGED
    case.merged_into = into
    case.closed_at = now
    case.save()
    return case


# --- Attachments and promises ------------------------------------------------------------------


def case_attachment_add(*, case: Case, actor: User | None, uploaded_file) -> CaseAttachment:
    limit = settings.CASE_ATTACHMENT_MAX_BYTES
    if uploaded_file.size > limit:
        raise ValidationError({"file": _("The file is too large; the limit is %(limit)s MB.") % {
            "limit": limit // (1024 * 1024)}})  # fmt: skip
    if uploaded_file.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    name = (uploaded_file.name or "file").replace("/", "_").replace("\\", "_")[-200:]
    attachment = CaseAttachment(
        organization_id=case.organization_id, case=case, file=uploaded_file, name=name,
        content_type=(getattr(uploaded_file, "content_type", "") or "")[:100], size=uploaded_file.size,
        uploaded_by=actor,
    )  # fmt: skip
    with transaction.atomic():
        attachment.save()
        _event(case, CaseEventKind.ATTACHMENT, actor=actor, body=name, data={"attachment": attachment.pk})
    return attachment


def case_promise_make(*, case: Case, actor: User, text: str, due_at: datetime.datetime) -> CasePromise:
    """Record a promise made to the customer; it is watched like an SLA deadline."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Say what was promised.")})
    now = timezone.now()
    if due_at <= now:
        raise ValidationError({"due_at": _("A promise is for the future.")})
    with transaction.atomic():
        promise = CasePromise(organization_id=case.organization_id, case=case, text=text[:300], due_at=due_at,
                              made_by=actor, created_at=now)  # fmt: skip
        promise.save()
        _event(
            case,
            CaseEventKind.PROMISE,
            actor=actor,
            at=now,
            body=promise.text,
            data={"due_at": due_at.isoformat()},
        )
    _sla_check_schedule(case, extra=[due_at])
    return promise


def case_promise_keep(*, promise: CasePromise, actor: User) -> CasePromise:
    if promise.kept_at is None:
        promise.kept_at = timezone.now()
        promise.save(update_fields=["kept_at"])
        _event(promise.case, CaseEventKind.PROMISE_KEPT, actor=actor, body=promise.text,
               data={"late": promise.kept_at > promise.due_at})  # fmt: skip
    return promise


# --- The SLA check: warn before, escalate after -------------------------------------------------


def _sla_check_schedule(case: Case, extra: list[datetime.datetime] = ()) -> None:
    """Queue the SLA check for the case's next deadlines (a backend that cannot wait leaves it to the
    periodic `cases_sla_check` command)."""
    from .tasks import cases_sla_check_task

    moments = [
        case.first_response_due_at if case.first_responded_at is None else None,
        case.resolution_due_at,
        *extra,
    ]
    backend = cases_sla_check_task.get_backend()
    if not backend.supports_defer or not case.is_open:
        return
    for moment in {moment for moment in moments if moment is not None and moment > timezone.now()}:
        transaction.on_commit(lambda moment=moment: cases_sla_check_task.using(run_after=moment).enqueue())


def _notify_handlers(case: Case, subject: str, body: str) -> None:
    from .tasks import case_handlers_notify

    _on_commit_enqueue(case_handlers_notify, case.pk, subject, body)


def _warn(case: Case, target: str, due_at: datetime.datetime, now: datetime.datetime) -> None:
    _event(case, CaseEventKind.SLA_WARNING, at=now, data={"target": target, "due_at": due_at.isoformat()})
    _notify_handlers(case, "warning", target)


def _breach(case: Case, target: str, due_at: datetime.datetime, now: datetime.datetime, promise=None) -> None:
    before = case.priority
    after = CasePriority.raised(before)
    SlaBreach.objects.create(
        organization_id=case.organization_id, case=case, target=target, promise=promise, due_at=due_at,
        breached_at=now, priority_before=before, priority_after=after,
    )  # fmt: skip
    _event(case, CaseEventKind.SLA_BREACH, at=now, body=promise.text if promise else "",
           data={"target": target, "due_at": due_at.isoformat(), "priority": after})  # fmt: skip
    if after != before:
        case.priority = after
        case.save(update_fields=["priority", "updated_at"])
    _notify_handlers(case, "breach", target)
    case_event_publish(case=case, event="case.sla_breached", breach={
        "target": target, "due_at": due_at, "breached_at": now})  # fmt: skip


def cases_sla_check(
    *, now: datetime.datetime | None = None, organization: Organization | None = None
) -> dict:
    """Warn about deadlines coming within the policy's warning time; log breaches, raise the priority
    and notify the handlers once per deadline. Idempotent: run it as often as you like.

    It reads every running case once with its breach log (two queries) and writes only where
    something happens, so a quiet check costs a read, not a transaction per case.
    """
    from collections import defaultdict

    now = now or timezone.now()
    counts = {"warnings": 0, "breaches": 0}
    running = {"status__in": [CaseStatus.NEW, CaseStatus.IN_PROGRESS], "paused_since__isnull": True}
    cases = Case.objects.filter(**running)
    breaches = SlaBreach.objects.filter(
        promise__isnull=True, **{f"case__{key}": value for key, value in running.items()}
    )
    if organization is not None:
        cases, breaches = cases.filter(organization=organization), breaches.filter(organization=organization)
    breached = defaultdict(set)
    for case_id, target in breaches.values_list("case_id", "target"):
        breached[case_id].add(target)
    calendars = {}
    for case in cases.iterator(chunk_size=2000):
        deadlines = [(SlaTarget.RESOLUTION, case.resolution_due_at, "resolution_warned_at")]
        if case.first_responded_at is None:
            deadlines.insert(
                0, (SlaTarget.FIRST_RESPONSE, case.first_response_due_at, "first_response_warned_at")
            )
        actions = []
        for target, due_at, warned_field in deadlines:
            if due_at is None or target in breached[case.pk]:
                continue
            if due_at <= now:
                actions.append(("breach", target, due_at, warned_field))
            elif getattr(case, warned_field) is None:
                if case.organization_id not in calendars:
                    calendars[case.organization_id] = calendar_for(organization_id=case.organization_id)
                warn = case.sla_policy.get("warn_before_minutes", 60)
                if calendars[case.organization_id].minutes_between(now, due_at, stop_after=warn) <= warn:
                    actions.append(("warn", target, due_at, warned_field))
        if not actions:
            continue
        with transaction.atomic():
            case = Case.objects.select_for_update().select_related("organization").get(pk=case.pk)
            for action, target, due_at, warned_field in actions:
                if action == "breach":
                    if not case.breaches.filter(target=target, promise__isnull=True).exists():
                        _breach(case, target, due_at, now)
                        counts["breaches"] += 1
                elif getattr(case, warned_field) is None:
                    setattr(case, warned_field, now)
                    case.save(update_fields=[warned_field])
                    _warn(case, target, due_at, now)
                    counts["warnings"] += 1
    # Only promises not kept, not yet logged as broken, and due within the warning time are looked at.
    promises = CasePromise.objects.filter(
        kept_at__isnull=True, breaches__isnull=True, due_at__lte=now + PROMISE_WARNING,
        case__status__in=[CaseStatus.NEW, CaseStatus.IN_PROGRESS, CaseStatus.WAITING],
    ).select_related("case")  # fmt: skip
    if organization is not None:
        promises = promises.filter(organization=organization)
    for promise in promises:
        with transaction.atomic():
            if promise.due_at <= now:
                _breach(promise.case, SlaTarget.PROMISE, promise.due_at, now, promise=promise)
                counts["breaches"] += 1
            elif promise.warned_at is None:
                promise.warned_at = now
                promise.save(update_fields=["warned_at"])
                _warn(promise.case, SlaTarget.PROMISE, promise.due_at, now)
                counts["warnings"] += 1
    return counts


# --- Arrival from survey answers and the feedback page -----------------------------------------


def _answer_texts(answers) -> str:
    parts = []
    for answer in answers:
        for text in (answer.text, answer.followup_text):
            if text:
                parts.append(text)
    return "\n\n".join(parts)


def _followup_reason(response, answers, case_settings: CaseSettings) -> tuple[str, str] | None:
    """(kind, title) if this response calls for a case under the organisation's rules, else None."""
    from hymy.surveys.choices import QuestionKind
    from hymy.surveys.feedback import FEEDBACK_TEMPLATE_KEY

    has_comment = bool(_answer_texts(answers))
    by_kind = {}
    for answer in answers:
        if answer.score is not None:
            by_kind.setdefault(answer.question.kind, answer.score)
    if response.survey.template_key == FEEDBACK_TEMPLATE_KEY:
        wants_answer = by_kind.get(QuestionKind.YES_NO) == 1
        if wants_answer:
            unhappy = by_kind.get(QuestionKind.SMILEY3) == 1
            return (CaseKind.COMPLAINT if unhappy else CaseKind.FEEDBACK), _(
                "Feedback from the feedback page"
            )
        return None
    nps = by_kind.get(QuestionKind.NPS)
    if (
        nps is not None
        and case_settings.nps_followup_max is not None
        and nps <= case_settings.nps_followup_max
    ):
        return CaseKind.FOLLOW_UP, _("NPS %(score)s: follow up") % {"score": nps}
    csat = by_kind.get(QuestionKind.CSAT)
    if (
        csat is not None
        and case_settings.csat_followup_max is not None
        and csat <= case_settings.csat_followup_max
    ):
        return CaseKind.FOLLOW_UP, _("CSAT %(score)s: follow up") % {"score": csat}
    if case_settings.smiley_followup_with_comment and has_comment:
        if by_kind.get(QuestionKind.SMILEY3) == 1 or by_kind.get(QuestionKind.SMILEY4) in (1, 2):
            return CaseKind.FOLLOW_UP, _("Unhappy smiley: follow up")
    return None


# Kinds whose low scores can open a follow-up; a response with none of them costs no query.
_RULE_KINDS = {"nps", "csat", "smiley3", "smiley4", "yes_no"}


def case_from_response_consider(*, response, answers) -> Case | None:
    """Called when a survey response is saved complete (surveys.services): open a follow-up case if the
    organisation's rules say so. Safe to call after every answer: a response opens at most one case,
    and a comment written after the score is added to the case while it is still new."""
    from django.utils import translation

    if not any(answer.question.kind in _RULE_KINDS and answer.score is not None for answer in answers):
        return None
    if response.survey.template_key == "recovery_csat":
        return None  # The recovery survey measures our fix; it does not open a new case.
    existing = Case.objects.filter(source_response=response).first()
    if existing is not None:
        text = _answer_texts(answers)
        if existing.status == CaseStatus.NEW and text and text != existing.description:
            existing.description = text[:MAX_TEXT_LENGTH]
            existing.save(update_fields=["description", "updated_at"])
        return existing
    organization = response.organization
    with translation.override(organization.default_language):
        reason = _followup_reason(response, answers, case_settings_get(organization=organization))
    if reason is None:
        return None
    kind, title = reason
    if response.touchpoint_id:
        title = f"{title} – {response.touchpoint.name}"
    return case_create(
        organization=organization,
        actor=None,
        kind=kind,
        title=title,
        description=_answer_texts(answers),
        channel=CaseChannel.WEB if kind != CaseKind.FOLLOW_UP else CaseChannel.SURVEY,
        customer=response.customer,
        touchpoint=response.touchpoint,
        language=response.language,
        source_response=response,
    )


# --- Service recovery: "How well did we fix this?" ----------------------------------------------


RECOVERY_TEMPLATE_KEY = "recovery_csat"
RECOVERY_TITLE = {"fi": "Miten onnistuimme?", "sv": "Hur lyckades vi?", "en": "How did we do?"}
RECOVERY_QUESTION = {
    "fi": "Kuinka hyvin korjasimme asiasi?",
    "sv": "Hur väl löste vi ditt ärende?",
    "en": "How well did we fix this?",
}


def recovery_survey_get_or_create(*, organization: Organization):
    """The organisation's one-question recovery CSAT, made the first time it is needed."""
    from hymy.surveys import services as survey_services
    from hymy.surveys.choices import Moment, QuestionKind, SurveyStatus
    from hymy.surveys.models import Survey

    existing = (
        Survey.objects.filter(organization=organization, template_key=RECOVERY_TEMPLATE_KEY)
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing
    survey = survey_services.survey_create(
        organization=organization, name=_("How well did we fix this?"), title=dict(RECOVERY_TITLE),
        moment=Moment.AFTER, template_key=RECOVERY_TEMPLATE_KEY, invite_after_encounters=False,
        invite_after_purchases=False, invitation_delay_minutes=0,
    )  # fmt: skip
    survey_services.question_create(
        survey=survey, kind=QuestionKind.CSAT, text=dict(RECOVERY_QUESTION), is_required=True
    )
    survey_services.survey_status_set(survey=survey, status=SurveyStatus.ACTIVE)
    return survey


def case_recovery_survey_send(*, case: Case):
    """After resolution, invite the customer to the recovery CSAT, through the surveys app's contact rules."""
    from hymy.surveys import services as survey_services

    if case.customer_id is None or case.recovery_invitation_id is not None:
        return None
    if not case_settings_get(organization=case.organization).send_recovery_survey:
        return None
    survey = recovery_survey_get_or_create(organization=case.organization)
    invitation = survey_services.invitation_schedule(
        survey=survey, customer=case.customer, touchpoint=case.touchpoint, delay_minutes=0,
        event_key=f"case:{case.pk}",
    )  # fmt: skip
    case.recovery_invitation = invitation
    case.save(update_fields=["recovery_invitation", "updated_at"])
    _event(
        case,
        CaseEventKind.RECOVERY_SURVEY,
        data={"status": invitation.status, "reason": invitation.skip_reason},
    )
    return invitation


# --- The organisation's own rules: reply templates, SLA policies, routing rules -----------------


def reply_template_create(
    *, organization: Organization, name: str, body: dict, is_acknowledgement: bool = False
) -> ReplyTemplate:
    if not any((body or {}).values()):
        raise ValidationError({"body_fi": _("Write the template in at least one language.")})
    template = ReplyTemplate(
        organization=organization, name=name, body=body, is_acknowledgement=is_acknowledgement
    )
    template.full_clean()
    with transaction.atomic():
        if is_acknowledgement:  # one acknowledgement template at a time
            ReplyTemplate.objects.filter(organization=organization, is_acknowledgement=True).update(
                is_acknowledgement=False
            )
        template.save()
    return template


def sla_policy_create(*, organization: Organization, **fields) -> SlaPolicy:
    policy = SlaPolicy(organization=organization, **fields)
    policy.full_clean()
    if policy.resolution_minutes < policy.first_response_minutes:
        raise ValidationError(
            {"resolution_minutes": _("Resolution cannot be due before the first response.")}
        )
    policy.save()
    return policy


def routing_rule_create(*, organization: Organization, **fields) -> RoutingRule:
    rule = RoutingRule(organization=organization, **fields)
    _check_same_organization(
        organization, touchpoint=rule.touchpoint, partner=rule.partner, customer_tag=rule.customer_tag,
        assign_team=rule.assign_team,
    )  # fmt: skip
    if (
        rule.assign_user_id
        and not Membership.objects.filter(organization=organization, user_id=rule.assign_user_id).exists()
    ):
        raise ValidationError({"assign_user": _("Choose a member of this organisation.")})
    if not (rule.assign_team_id or rule.assign_user_id or rule.set_priority):
        raise ValidationError(
            {"assign_team": _("Say where the rule sends the case: a team, a person or a priority.")}
        )
    rule.full_clean()
    rule.save()
    return rule
