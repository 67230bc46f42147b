"""Every write of surveys: building them, inviting customers within the contact rules, and answers.

The contact rules against survey fatigue (R3.4) are checked when an invitation is scheduled and
again when it is sent, because a customer may have been asked or have answered in between.
Every invitation that is not sent keeps the reason.
"""

import datetime
import hashlib
import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hymy.customers.choices import CustomerStatus
from hymy.customers.models import Customer, Encounter, Purchase
from hymy.customers.services import customer_refuse_erased
from hymy.journeys.models import Touchpoint
from hymy.tenancy.models import Membership, Organization, User

from .choices import (
    CHOICE_KINDS,
    InvitationChannel,
    InvitationStatus,
    QuestionKind,
    SkipReason,
    SurveyStatus,
)
from .library import TEMPLATES, THANK_YOU
from .models import (
    SURVEY_LANGUAGES,
    Answer,
    ContactPolicy,
    Invitation,
    KioskDevice,
    Question,
    Response,
    Survey,
    WebWidget,
)

MAX_TEXT_LENGTH = 5000


# --- Building surveys -------------------------------------------------------------------------


def _brand(texts: dict, organization: Organization) -> dict:
    return {
        language: value.replace("{brand}", organization.name) for language, value in (texts or {}).items()
    }


@transaction.atomic
def survey_create_from_template(
    *, organization: Organization, template_key: str, touchpoints: list[Touchpoint] | None = None
) -> Survey:
    """A ready survey from the library, active at once, in all three languages."""
    template = TEMPLATES.get(template_key)
    if template is None:
        raise ValidationError(_("Unknown survey template."))
    survey = Survey(
        organization=organization,
        name=str(template["name"]),
        title=_brand(template["title"], organization),
        thank_you=dict(THANK_YOU),
        moment=template["moment"],
        template_key=template_key,
        status=SurveyStatus.ACTIVE,
        invite_after_encounters=template.get("invite_after_encounters", True),
        invite_after_purchases=template.get("invite_after_purchases", False),
        invitation_delay_minutes=template.get("invitation_delay_minutes", 120),
    )
    survey.full_clean()
    survey.save()
    for position, spec in enumerate(template["questions"], start=1):
        spec = dict(spec)
        for key in ("text", "low_label", "high_label", "followup_text"):
            if key in spec:
                spec[key] = _brand(spec[key], organization)
        question = Question(survey=survey, position=position, **spec)
        question.full_clean()
        question.save()
    if touchpoints:
        survey_touchpoints_set(survey=survey, touchpoints=touchpoints)
    return survey


def survey_touchpoints_set(*, survey: Survey, touchpoints: list[Touchpoint]) -> None:
    if any(touchpoint.organization_id != survey.organization_id for touchpoint in touchpoints):
        raise ValidationError({"touchpoints": _("Choose touchpoints of this organisation.")})
    survey.touchpoints.set(touchpoints)


def _validate_survey_settings(survey: Survey) -> None:
    errors = {}
    if survey.sampling_percent > 100:
        errors["sampling_percent"] = _("The share must be between 0 and 100 %.")
    if not any((survey.title or {}).values()):
        errors["title_fi"] = _("Give the survey a title in at least one language.")
    if errors:
        raise ValidationError(errors)


def survey_create(*, organization: Organization, name: str, title: dict, **settings: Any) -> Survey:
    touchpoints = settings.pop("touchpoints", None)
    # The survey form always sends a thank-you text (empty when left blank): then the library's is used.
    thank_you = settings.pop("thank_you", None)
    if not any((thank_you or {}).values()):
        thank_you = dict(THANK_YOU)
    survey = Survey(organization=organization, name=name, title=title, thank_you=thank_you, **settings)
    _validate_survey_settings(survey)
    survey.full_clean()
    with transaction.atomic():
        survey.save()
        if touchpoints is not None:
            survey_touchpoints_set(survey=survey, touchpoints=list(touchpoints))
    return survey


def survey_update(*, survey: Survey, **fields: Any) -> Survey:
    touchpoints = fields.pop("touchpoints", None)
    for field, value in fields.items():
        setattr(survey, field, value)
    _validate_survey_settings(survey)
    survey.full_clean()
    with transaction.atomic():
        survey.save()
        if touchpoints is not None:
            survey_touchpoints_set(survey=survey, touchpoints=list(touchpoints))
    return survey


def survey_status_set(*, survey: Survey, status: str) -> Survey:
    if status == SurveyStatus.ACTIVE and not survey.questions.exists():
        raise ValidationError(_("Add at least one question before opening the survey."))
    survey.status = status
    survey.save(update_fields=["status"])
    return survey


def _validate_question(question: Question) -> None:
    errors: dict[str, str] = {}
    if not any((question.text or {}).values()):
        errors["text_fi"] = _("Write the question in at least one language.")
    if question.kind in CHOICE_KINDS and len(question.choices) < 2:
        errors["choices_fi"] = _("Give at least two choices, one a line.")
    if question.kind == QuestionKind.RATING:
        low, high = question.score_range
        if not (-10 <= low < high <= 100):
            errors["scale_max"] = _("The scale must go up from its start, e.g. 1–5 or 0–10.")
    if (
        question.followup_min_score is not None
        and question.followup_max_score is not None
        and question.followup_min_score > question.followup_max_score
    ):
        errors["followup_max_score"] = _("The range of scores for the follow-up is the wrong way round.")
    if errors:
        raise ValidationError(errors)


def question_create(*, survey: Survey, kind: str, text: dict, **fields: Any) -> Question:
    last = survey.questions.aggregate(last=Max("position"))["last"] or 0
    question = Question(survey=survey, kind=kind, text=text, position=last + 1, **fields)
    _validate_question(question)
    question.full_clean()
    question.save()
    return question


def question_update(*, question: Question, **fields: Any) -> Question:
    for field, value in fields.items():
        setattr(question, field, value)
    _validate_question(question)
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_delete(*, question: Question) -> None:
    if question.answers.exists():
        raise ValidationError(
            _("This question already has answers; close the survey and make a new one instead.")
        )
    question.delete()
    # Keep the positions 1…n: the inbox's score band reads the question at position 1.
    for position, item in enumerate(Question.objects.filter(survey_id=question.survey_id), start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


@transaction.atomic
def question_move(*, question: Question, offset: int) -> None:
    questions = list(Question.objects.select_for_update().filter(survey_id=question.survey_id))
    index = next(i for i, item in enumerate(questions) if item.pk == question.pk)
    target = max(0, min(len(questions) - 1, index + offset))
    questions.insert(target, questions.pop(index))
    for position, item in enumerate(questions, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


def contact_policy_get(*, organization: Organization) -> ContactPolicy:
    policy, _created = ContactPolicy.objects.get_or_create(organization=organization)
    return policy


def contact_policy_update(*, organization: Organization, **fields: Any) -> ContactPolicy:
    policy = contact_policy_get(organization=organization)
    for field, value in fields.items():
        setattr(policy, field, value)
    policy.full_clean()
    policy.save()
    return policy


# --- Inviting ---------------------------------------------------------------------------------


def _in_sample(survey: Survey, customer: Customer, event_key: str) -> bool:
    """A stable draw: the same customer and event are always in or out, so retries agree."""
    if survey.sampling_percent >= 100:
        return True
    digest = hashlib.sha256(f"{survey.pk}:{customer.pk}:{event_key}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100 < survey.sampling_percent


def _channel_for(customer: Customer) -> str | None:
    if customer.email:
        return InvitationChannel.EMAIL
    if customer.phone:
        return InvitationChannel.SMS
    return None


def _out_of_quiet_hours(moment: datetime.datetime, policy: ContactPolicy) -> datetime.datetime:
    """The first moment at or after `moment` that is outside the organisation's quiet hours."""
    local = timezone.localtime(moment)
    start, end = policy.quiet_hours_start, policy.quiet_hours_end
    clock = local.time()
    overnight = start > end
    in_quiet = (clock >= start or clock < end) if overnight else (start <= clock < end)
    if not in_quiet:
        return moment
    day = local.date() if (not overnight or clock < end) else local.date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, end), local.tzinfo)


def _skip_reason(
    survey: Survey,
    customer: Customer,
    policy: ContactPolicy,
    *,
    now: datetime.datetime,
    exclude_pk: int | None,
) -> str:
    """Why this customer must not be invited now, or '' if they may be."""
    if survey.status != SurveyStatus.ACTIVE:
        return SkipReason.SURVEY_CLOSED
    if customer.status == CustomerStatus.CHURNED:
        return SkipReason.CUSTOMER_CHURNED
    if not customer.survey_consent:
        return SkipReason.NO_CONSENT
    if _channel_for(customer) is None:
        return SkipReason.NO_ADDRESS
    window_start = now - datetime.timedelta(days=policy.days_between_invitations)
    recent = Invitation.objects.filter(organization_id=customer.organization_id, customer=customer).exclude(
        pk=exclude_pk
    )
    if (
        recent.filter(status=InvitationStatus.SENT, sent_at__gte=window_start).exists()
        or recent.filter(status=InvitationStatus.SCHEDULED).exists()
    ):
        return SkipReason.ASKED_RECENTLY
    return ""


def invitation_schedule(
    *,
    survey: Survey,
    customer: Customer,
    touchpoint: Touchpoint | None = None,
    encounter: Encounter | None = None,
    purchase: Purchase | None = None,
    after: datetime.datetime | None = None,
    delay_minutes: int | None = None,
    event_key: str = "",
) -> Invitation:
    """Create an invitation to be sent after the survey's delay, or a not-sent one with its reason.

    The sending itself is a background task queued when this transaction commits.
    """
    from .tasks import invitation_send

    organization = survey.organization
    if customer.organization_id != organization.pk:
        raise ValidationError(_("Choose a customer of this organisation."))
    policy = contact_policy_get(organization=organization)
    now = timezone.now()
    reason = _skip_reason(survey, customer, policy, now=now, exclude_pk=None)
    if not reason and not _in_sample(survey, customer, event_key or f"{now.timestamp()}"):
        reason = SkipReason.SAMPLED_OUT
    delay = survey.invitation_delay_minutes if delay_minutes is None else delay_minutes
    when = _out_of_quiet_hours(max((after or now) + datetime.timedelta(minutes=delay), now), policy)
    invitation = Invitation(
        organization=organization,
        survey=survey,
        customer=customer,
        channel=_channel_for(customer) or InvitationChannel.EMAIL,
        language=customer.language or organization.default_language,
        touchpoint=touchpoint,
        encounter=encounter,
        purchase=purchase,
        scheduled_for=when,
        status=InvitationStatus.NOT_SENT if reason else InvitationStatus.SCHEDULED,
        skip_reason=reason,
    )
    invitation.full_clean()
    with transaction.atomic():
        invitation.save()
        if not reason:
            transaction.on_commit(
                lambda: _enqueue_at(invitation_send, invitation.scheduled_for, invitation.pk)
            )
    return invitation


def _enqueue_at(task, when: datetime.datetime, *args) -> None:
    """Queue a task to run at `when`.

    A backend that cannot wait (the immediate one) runs only what is due now; what is due later stays
    scheduled in the database and `invitations_send_due` (the `surveys_send_due` command) sends it then.
    """
    if when <= timezone.now():
        task.enqueue(*args)
    elif task.get_backend().supports_defer:
        task.using(run_after=when).enqueue(*args)


def invitations_send_due(*, now: datetime.datetime | None = None) -> int:
    """Send every scheduled invitation and reminder whose time has come; returns how many were tried.

    The safety net beside the task queue: run it from cron (or after a worker was down) and nothing
    due is left waiting. Sending rechecks the contact rules, and a sent invitation is never sent twice.
    """
    now = now or timezone.now()
    due = Invitation.objects.filter(status=InvitationStatus.SCHEDULED, scheduled_for__lte=now)
    tried = 0
    for invitation in due.iterator():
        invitation_send(invitation=invitation)
        tried += 1
    reminders = Invitation.objects.filter(
        status=InvitationStatus.SENT,
        answered_at__isnull=True,
        reminder_sent_at__isnull=True,
        survey__reminder_after_days__isnull=False,
        survey__status=SurveyStatus.ACTIVE,
    ).select_related("survey")
    for invitation in reminders.iterator():
        if invitation.sent_at + datetime.timedelta(days=invitation.survey.reminder_after_days) <= now:
            tried += invitation_remind(invitation=invitation)
    return tried


def invitations_for_encounter(*, encounter: Encounter) -> list[Invitation]:
    """The surveys of the encounter's touchpoint invite its customer (R3.2: shortly after the encounter)."""
    if encounter.customer_id is None:
        return []
    surveys = Survey.objects.filter(
        organization_id=encounter.organization_id,
        status=SurveyStatus.ACTIVE,
        invite_after_encounters=True,
        touchpoints=encounter.touchpoint_id,
    )
    return [
        invitation_schedule(
            survey=survey,
            customer=encounter.customer,
            touchpoint=encounter.touchpoint,
            encounter=encounter,
            after=encounter.ended_at or encounter.started_at,
            event_key=f"encounter:{encounter.pk}",
        )
        for survey in surveys
    ]


def invitations_for_purchase(*, purchase: Purchase) -> list[Invitation]:
    if purchase.touchpoint_id is None:
        return []
    surveys = Survey.objects.filter(
        organization_id=purchase.organization_id,
        status=SurveyStatus.ACTIVE,
        invite_after_purchases=True,
        touchpoints=purchase.touchpoint_id,
    )
    moment = timezone.make_aware(datetime.datetime.combine(purchase.purchased_on, datetime.time(12)))
    return [
        invitation_schedule(
            survey=survey,
            customer=purchase.customer,
            touchpoint=purchase.touchpoint,
            purchase=purchase,
            after=max(moment, purchase.created_at or moment),
            event_key=f"purchase:{purchase.pk}",
        )
        for survey in surveys
    ]


def invitation_send(*, invitation: Invitation) -> Invitation:
    """Send a scheduled invitation now, if the contact rules still allow it."""
    from .messaging import invitation_message_send

    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().select_related("survey", "customer").get(pk=invitation.pk)
        )
        if invitation.status != InvitationStatus.SCHEDULED:
            return invitation
        policy = contact_policy_get(organization=invitation.organization)
        reason = _skip_reason(
            invitation.survey, invitation.customer, policy, now=timezone.now(), exclude_pk=invitation.pk
        )
        if reason:
            invitation.status = InvitationStatus.NOT_SENT
            invitation.skip_reason = reason
            invitation.save(update_fields=["status", "skip_reason"])
            return invitation
        invitation.channel = _channel_for(invitation.customer)
        try:
            invitation_message_send(invitation=invitation)
        except Exception as error:  # noqa: BLE001  (any backend failure is recorded, not raised)
            invitation.status = InvitationStatus.FAILED
            invitation.error = str(error)[:2000]
        else:
            invitation.status = InvitationStatus.SENT
            invitation.sent_at = timezone.now()
        invitation.save(update_fields=["status", "error", "sent_at", "channel"])
    if invitation.status == InvitationStatus.SENT and invitation.survey.reminder_after_days:
        from .tasks import invitation_remind

        _enqueue_at(
            invitation_remind,
            invitation.sent_at + datetime.timedelta(days=invitation.survey.reminder_after_days),
            invitation.pk,
        )
    return invitation


def invitation_remind(*, invitation: Invitation) -> bool:
    """One reminder at most, never after an answer."""
    from .messaging import invitation_message_send

    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if (
            invitation.status != InvitationStatus.SENT
            or invitation.answered_at is not None
            or invitation.reminder_sent_at is not None
            or invitation.survey.status != SurveyStatus.ACTIVE
        ):
            return False
        invitation_message_send(invitation=invitation, is_reminder=True)
        invitation.reminder_sent_at = timezone.now()
        invitation.save(update_fields=["reminder_sent_at"])
    return True


def invitation_create_manual(
    *, membership: Membership, survey: Survey, customer: Customer, touchpoint: Touchpoint | None = None
) -> Invitation:
    """A staff member asks one customer now; the contact rules still apply."""
    from hymy.tenancy.permissions import CHANGE_CUSTOMERS

    if not membership.can(CHANGE_CUSTOMERS):
        raise PermissionDenied
    if survey.organization_id != membership.organization_id:
        raise ValidationError(_("Choose a survey of this organisation."))
    customer_refuse_erased(customer)
    return invitation_schedule(
        survey=survey,
        customer=customer,
        touchpoint=touchpoint,
        delay_minutes=0,
        event_key=f"manual:{timezone.now().timestamp()}",
    )


def invitation_mark_opened(*, invitation: Invitation) -> None:
    if invitation.opened_at is None:
        Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(opened_at=timezone.now())
        invitation.opened_at = timezone.now()


# --- Answering --------------------------------------------------------------------------------


def response_start(
    *,
    survey: Survey,
    source: str,
    language: str,
    invitation: Invitation | None = None,
    customer: Customer | None = None,
    touchpoint: Touchpoint | None = None,
    channel: str = "",
    device: str = "unknown",
    staff: User | None = None,
    interview_kind: str = "",
    respondent_key: str = "",
    idempotency_key: str = "",
    started_at: datetime.datetime | None = None,
) -> Response:
    """A new (still empty) response. A personal invitation has at most one response."""
    if language not in SURVEY_LANGUAGES:
        language = survey.organization.default_language
    if invitation is not None:
        existing = Response.objects.filter(invitation=invitation).first()
        if existing is not None:
            return existing
        customer = invitation.customer
        touchpoint = touchpoint or invitation.touchpoint
        channel = channel or invitation.channel
    response = Response(
        organization=survey.organization,
        survey=survey,
        invitation=invitation,
        customer=customer,
        touchpoint=touchpoint if touchpoint is not None else _only_touchpoint(survey),
        source=source,
        channel=channel or source,
        language=language,
        device=device,
        staff=staff,
        interview_kind=interview_kind,
        respondent_key=respondent_key,
        idempotency_key=idempotency_key,
        started_at=started_at or timezone.now(),
    )
    # The unique idempotency key is left to the database: a retried submission then finds the
    # response it already made (below) instead of failing validation.
    # The related rows come from the caller's own queries and the token is fresh: checking again
    # that they exist would cost four queries on every answer a kiosk sends.
    response.full_clean(
        exclude=["organization", "survey", "invitation", "customer", "touchpoint", "staff", "token"],
        validate_constraints=False,
    )
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        # A concurrent first answer to the same invitation, or a retried kiosk submission.
        existing = Response.objects.filter(organization=survey.organization).filter(
            **({"invitation": invitation} if invitation else {"idempotency_key": idempotency_key})
        )
        return existing.get()
    return response


def _only_touchpoint(survey: Survey) -> Touchpoint | None:
    """A response that does not say where it came from belongs to the survey's touchpoint only if it
    has just one; with several, guessing would credit (and show) it to the wrong place or partner."""
    touchpoints = list(survey.touchpoints.all()[:2])
    return touchpoints[0] if len(touchpoints) == 1 else None


def response_is_editable(response: Response) -> bool:
    age = timezone.now() - response.started_at
    return age <= datetime.timedelta(minutes=response.survey.response_edit_minutes)


def _clean_score(question: Question, score: Any) -> int | None:
    if score in (None, ""):
        return None
    try:
        score = int(score)
    except (TypeError, ValueError):
        raise ValidationError({"score": _("Choose one of the options.")})
    low, high = question.score_range
    if not low <= score <= high:
        raise ValidationError(
            {"score": _("Choose a value from %(low)s to %(high)s.") % {"low": low, "high": high}}
        )
    return score


def _clean_choices(question: Question, choices: list[str] | None) -> list[str]:
    allowed = {choice["value"] for choice in question.choices}
    chosen = [value for value in (choices or []) if value]
    if any(value not in allowed for value in chosen):
        raise ValidationError({"choices": _("Choose from the options shown.")})
    if question.kind == QuestionKind.SINGLE_CHOICE and len(chosen) > 1:
        raise ValidationError({"choices": _("Choose only one option.")})
    return list(dict.fromkeys(chosen))


def _clean_text(value: str | None, field: str) -> str:
    value = (value or "").strip()
    if len(value) > MAX_TEXT_LENGTH:
        raise ValidationError(
            {field: _("Please keep it under %(limit)s characters.") % {"limit": MAX_TEXT_LENGTH}}
        )
    return value


def answer_save(
    *,
    response: Response,
    question: Question,
    score: Any = None,
    choices: list[str] | None = None,
    text: str | None = None,
    followup_text: str | None = None,
    answered_at: datetime.datetime | None = None,
) -> Answer:
    """Save (or change) the answer to one question; the response counts from its first answer.

    Only the parts given are changed, so the follow-up can be saved after the score.
    """
    if question.survey_id != response.survey_id:
        raise ValidationError(_("This question is not part of this survey."))
    existing = Answer.objects.filter(response=response, question=question).first()
    answer = existing or Answer(
        organization_id=response.organization_id, response=response, question=question
    )
    previous_score = existing.score if existing else None
    if question.is_scored and (score is not None or existing is None):
        answer.score = _clean_score(question, score)
    if question.kind in CHOICE_KINDS and (choices is not None or existing is None):
        answer.choices = _clean_choices(question, choices)
    if text is not None:
        answer.text = _clean_text(text, "text")
    if followup_text is not None:
        answer.followup_text = _clean_text(followup_text, "followup_text")
    if question.is_required and question.is_scored and answer.score is None:
        raise ValidationError({"score": _("Please choose an answer.")})
    answer.answered_at = answered_at or timezone.now()
    with transaction.atomic():
        answer.save()
        _response_refresh(response, answered_at=answer.answered_at)
        _rollups_update(answer, previous_score)
    return answer


def _rollups_update(answer: Answer, previous_score: int | None) -> None:
    """The dashboards' daily histograms move with the answer, in its transaction.

    Imported here, not at the top, because the insights app builds on this one.
    """
    from hymy.insights.services import rollup_answer_scored

    rollup_answer_scored(answer=answer, previous_score=previous_score)


def _response_refresh(response: Response, *, answered_at: datetime.datetime) -> None:
    answers = list(response.answers.select_related("question"))
    answered = {answer.question_id for answer in answers if _has_content(answer)}
    required = set(response.survey.questions.filter(is_required=True).values_list("pk", flat=True))
    was_complete = response.is_complete
    response.is_complete = required <= answered and bool(answered)
    if response.is_complete and not was_complete:
        _webhooks_response_completed(response)
    response.has_comment = any(answer.text or answer.followup_text for answer in answers)
    response.save(update_fields=["is_complete", "has_comment", "updated_at"])
    if response.is_complete:
        # Closing the loop (issue 5): a detractor, an unhappy smiley with a comment, a low CSAT or
        # feedback that asks for an answer opens a case, by the organisation's rules. Imported here
        # because the cases app builds on this one.
        from hymy.cases.services import case_from_response_consider

        case_from_response_consider(response=response, answers=answers)
    if response.invitation_id and answered:
        Invitation.objects.filter(pk=response.invitation_id, answered_at__isnull=True).update(
            answered_at=answered_at
        )


def _webhooks_response_completed(response: Response) -> None:
    """`response.created` (and `response.detractor`) once the answer's transaction commits, with every
    answer saved in it. Imported here, not at the top, because the webhooks app builds on this one."""
    from hymy.webhooks.payloads import response_completed_publish

    organization_id, response_id = response.organization_id, response.pk
    # robust: a webhook problem is logged, never shown to the respondent whose answer was saved.
    transaction.on_commit(
        lambda: response_completed_publish(organization_id=organization_id, response_id=response_id),
        robust=True,
    )


def _has_content(answer: Answer) -> bool:
    return answer.score is not None or bool(answer.choices) or bool(answer.text)


def response_submit_all(*, response: Response, answers: dict[int, dict[str, Any]]) -> Response:
    """Save several answers at once (staff entry, kiosk, widget); all or nothing."""
    questions = {question.pk: question for question in response.survey.questions.all()}
    errors: dict[str, list[str]] = {}
    with transaction.atomic():
        for question_id, values in answers.items():
            question = questions.get(question_id)
            if question is None:
                raise ValidationError(_("This question is not part of this survey."))
            try:
                answer_save(response=response, question=question, **values)
            except ValidationError as error:
                for message in error.messages:
                    errors.setdefault(f"q{question_id}", []).append(message)
        if errors:
            raise ValidationError(errors)
    return response


# --- Kiosks and website widgets -----------------------------------------------------------------

IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_-]{8,80}$")
OLDEST_QUEUED_ANSWER = datetime.timedelta(days=90)


def kiosk_create(
    *, organization: Organization, name: str, survey: Survey, touchpoint: Touchpoint, reset_seconds: int = 6
) -> KioskDevice:
    _validate_channel_relations(organization, survey, touchpoint)
    kiosk = KioskDevice(
        organization=organization, name=name, survey=survey, touchpoint=touchpoint, reset_seconds=reset_seconds
    )
    kiosk.full_clean()
    kiosk.save()
    return kiosk


def widget_create(
    *, organization: Organization, name: str, survey: Survey, touchpoint: Touchpoint | None = None, **settings: Any
) -> WebWidget:
    _validate_channel_relations(organization, survey, touchpoint)
    widget = WebWidget(organization=organization, name=name, survey=survey, touchpoint=touchpoint, **settings)
    widget.full_clean()
    widget.save()
    return widget


def _validate_channel_relations(organization: Organization, survey: Survey, touchpoint: Touchpoint | None) -> None:
    errors = {}
    if survey.organization_id != organization.pk:
        errors["survey"] = _("Choose a survey of this organisation.")
    elif not survey.questions.exists() or not survey.questions.first().is_scored:
        errors["survey"] = _("Choose a survey whose first question is a score or smileys.")
    if touchpoint is not None and touchpoint.organization_id != organization.pk:
        errors["touchpoint"] = _("Choose a touchpoint of this organisation.")
    if errors:
        raise ValidationError(errors)


def device_answer_submit(
    *,
    survey: Survey,
    source: str,
    touchpoint: Touchpoint | None,
    idempotency_key: str,
    answered_at: datetime.datetime | None,
    score: Any = None,
    followup_text: str | None = None,
    language: str = "fi",
    device: str = "unknown",
) -> tuple[Response, bool]:
    """An answer from a kiosk or a widget: its first question's score, later perhaps its "why".

    The device sends its own key with every answer, so a retry after a lost connection finds the
    response it already made instead of counting the answer twice. A kiosk that was offline sends
    the moment of the tap, which is kept as the time of the response.
    """
    if not IDEMPOTENCY_KEY.match(idempotency_key or ""):
        raise ValidationError({"key": _("Every answer needs its own key of 8–80 letters, digits, - or _.")})
    now = timezone.now()
    answered_at = min(answered_at or now, now)
    if now - answered_at > OLDEST_QUEUED_ANSWER:
        raise ValidationError({"answered_at": _("This answer is too old to be counted.")})
    if survey.status != SurveyStatus.ACTIVE:
        raise ValidationError(_("This survey is closed."))
    question = survey.questions.first()
    existing = Response.objects.filter(organization_id=survey.organization_id, idempotency_key=idempotency_key).first()
    if existing is not None and existing.survey_id != survey.pk:
        raise ValidationError({"key": _("This key belongs to another answer.")})
    with transaction.atomic():
        response = existing or response_start(
            survey=survey,
            source=source,
            touchpoint=touchpoint,
            channel=source,
            language=language,
            device=device,
            idempotency_key=idempotency_key,
            started_at=answered_at,
        )
        created = existing is None and not response.answers.exists()
        if created or score is not None:
            if score is None and created:
                raise ValidationError({"score": _("Please choose an answer.")})
            if score is not None:
                answer_save(response=response, question=question, score=score, answered_at=answered_at)
        if followup_text:
            answer_save(response=response, question=question, followup_text=followup_text, answered_at=answered_at)
    return response, created
