"""Passive feedback (R3.1): a page where a customer can say anything, any time, without an invitation.

No new tables. Each organisation gets one ordinary survey, made on demand, whose template key is
`passive_feedback`; its public token is the page's unguessable address (`/feedback/<token>/`), and
everything sent there is a `Response` with source `passive`, so it shows in the response inbox,
on the customer's timeline and in the metrics like any other answer, and staff can edit the
questions' wording or close the page on the survey's own page.

The page's form is fixed (an optional smiley, the feedback itself, an optional touchpoint and
optional contact details); the survey's questions hold its texts and receive its answers. Questions
are found by kind, not by position, so reordering them on the survey page changes nothing here.

Contact details are unverified: anyone can type anyone's e-mail address. So they may *link*
feedback to an existing customer (staff see it as the customer's own feedback and can judge it),
but never change that customer: no consent is granted or withdrawn and no field is overwritten.
They are stored only when the person asks to be contacted or agrees to be asked for feedback
later; then a new customer is created if none matches, with the survey consent (source: web
form) only if that second box was ticked. Otherwise they are dropped. The page says the same
whatever matched, so it cannot be used to find out who is a customer.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from hymy.core.phones import phone_normalize
from hymy.customers import services as customer_services
from hymy.customers.choices import ConsentSource
from hymy.customers.models import Customer
from hymy.journeys.models import Touchpoint
from hymy.tenancy.models import Organization

from . import services
from .choices import Moment, QuestionKind, ResponseSource, SurveyStatus
from .models import SURVEY_LANGUAGES, Question, Response, Survey

FEEDBACK_TEMPLATE_KEY = "passive_feedback"

FEEDBACK_TITLE = {"fi": "Anna palautetta", "sv": "Ge respons", "en": "Give feedback"}
FEEDBACK_INTRO = {
    "fi": "Kerro meille mitä tahansa – kiitos, toive, moite tai idea. Luemme jokaisen viestin.",
    "sv": "Berätta vad som helst för oss – tack, önskemål, klagomål eller idéer. Vi läser varje meddelande.",
    "en": "Tell us anything – thanks, a wish, a complaint or an idea. We read every message.",
}
FEEDBACK_QUESTIONS = [
    {
        "kind": QuestionKind.SMILEY3,
        "text": {
            "fi": "Millainen mieli sinulle jäi?",
            "sv": "Hur känns det?",
            "en": "How do you feel about us?",
        },
        "is_required": False,
    },
    {
        "kind": QuestionKind.TEXT,
        "text": {
            "fi": "Mitä haluaisit kertoa meille?",
            "sv": "Vad vill du berätta för oss?",
            "en": "What would you like to tell us?",
        },
        "is_required": True,
    },
    {
        "kind": QuestionKind.YES_NO,
        "text": {
            "fi": "Saamme ottaa sinuun yhteyttä tästä asiasta",
            "sv": "Ni får kontakta mig om detta",
            "en": "You may contact me about this",
        },
        "is_required": False,
    },
]


@dataclass(frozen=True)
class FeedbackPage:
    """The organisation's feedback survey and the address of its public page."""

    survey: Survey
    url: str


def feedback_page_url(*, survey: Survey) -> str:
    return settings.HYMY_BASE_URL + reverse("feedback_page", args=[survey.public_token])


def feedback_survey_get(*, organization: Organization) -> Survey | None:
    """The organisation's feedback survey, if it has one (the oldest, should there be two)."""
    return (
        Survey.objects.filter(organization=organization, template_key=FEEDBACK_TEMPLATE_KEY)
        .order_by("pk")
        .first()
    )


def feedback_survey_get_or_create(*, organization: Organization) -> Survey:
    """The organisation's feedback survey, made and opened the first time it is asked for.

    The organisation's row is locked while looking, so two first visits at once make one survey.
    A survey that staff have closed stays closed: the page then says so.
    """
    existing = feedback_survey_get(organization=organization)
    if existing is not None:
        return existing
    with transaction.atomic():
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        existing = feedback_survey_get(organization=organization)
        if existing is not None:
            return existing
        # The survey's name is stored: in the organisation's language, not in that of whoever happened
        # to open the page first (the demo's Finnish shop had a survey called "Feedback page").
        with translation.override(organization.default_language):
            name = _("Feedback page")
        survey = services.survey_create(
            organization=organization,
            name=name,
            title=dict(FEEDBACK_TITLE),
            intro=dict(FEEDBACK_INTRO),
            moment=Moment.AFTER,
            template_key=FEEDBACK_TEMPLATE_KEY,
            invite_after_encounters=False,
            invite_after_purchases=False,
        )
        for spec in FEEDBACK_QUESTIONS:
            services.question_create(survey=survey, **spec)
        services.survey_status_set(survey=survey, status=SurveyStatus.ACTIVE)
    return survey


def feedback_page_for(*, organization: Organization) -> FeedbackPage:
    survey = feedback_survey_get_or_create(organization=organization)
    return FeedbackPage(survey=survey, url=feedback_page_url(survey=survey))


def feedback_touchpoints(*, survey: Survey):
    """What the customer may say the feedback is about: the organisation's touchpoints in use."""
    return Touchpoint.objects.filter(organization_id=survey.organization_id, is_active=True).order_by(
        "priority", "id"
    )


def feedback_questions(*, survey: Survey) -> dict[str, Question | None]:
    """The survey's question for each part of the form, by kind: smiley, text and contact."""
    questions = list(survey.questions.all())

    def first(*kinds: str) -> Question | None:
        return next((question for question in questions if question.kind in kinds), None)

    return {
        "score": first(QuestionKind.SMILEY3, QuestionKind.SMILEY4),
        "text": first(QuestionKind.TEXT),
        "may_contact": first(QuestionKind.YES_NO),
    }


def contact_parse(raw: str) -> tuple[str, str]:
    """'maija@Example.FI' → (e-mail, ''); '040 123 4567' → ('', '+358401234567'); else an error."""
    raw = (raw or "").strip()
    if not raw:
        return "", ""
    if "@" in raw:
        local, _at, domain = raw.rpartition("@")
        email = f"{local}@{domain.lower()}"
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(
                {"contact": _("Enter an e-mail address like name@example.fi, or a phone number.")}
            )
        return email, ""
    try:
        return "", phone_normalize(raw)
    except ValidationError:
        raise ValidationError(
            {"contact": _("Enter an e-mail address like name@example.fi, or a phone number.")}
        )


def customer_match(*, organization: Organization, email: str = "", phone: str = "") -> Customer | None:
    """The organisation's customer with this e-mail address (any case) or else this phone number."""
    customers = Customer.objects.filter(organization=organization).order_by("pk")
    if email:
        found = customers.filter(email__iexact=email).first()
        if found is not None:
            return found
    if phone:
        return customers.filter(phone=phone).first()
    return None


def _feedback_customer(
    *,
    organization: Organization,
    language: str,
    name: str,
    email: str,
    phone: str,
    may_contact: bool,
    may_ask_later: bool,
) -> Customer | None:
    """The customer the feedback is from: matched, new (only with permission), or nobody."""
    if not (email or phone):
        return None
    found = customer_match(organization=organization, email=email, phone=phone)
    if found is not None:
        return found
    if not (may_contact or may_ask_later):
        return None
    consent = (
        {"survey_consent": True, "survey_consent_source": ConsentSource.WEB_FORM} if may_ask_later else {}
    )
    return customer_services.customer_create(
        organization=organization,
        actor=None,
        name=(name or email or phone)[:200],
        email=email,
        phone=phone,
        language=language,
        **consent,
    )


def feedback_submit(
    *,
    survey: Survey,
    language: str,
    text: str,
    score: int | None = None,
    touchpoint: Touchpoint | None = None,
    name: str = "",
    contact: str = "",
    may_contact: bool = False,
    may_ask_later: bool = False,
    device: str = "unknown",
    respondent_key: str = "",
    submission_key: str = "",
    at: datetime.datetime | None = None,
) -> Response:
    """Store feedback from the page as one passive response; all or nothing.

    `submission_key` is a random value the page puts in its form: the same form sent twice (a
    double click, a retry) is stored once.
    """
    if survey.template_key != FEEDBACK_TEMPLATE_KEY:
        raise ValidationError(_("This is not a feedback page."))
    if survey.status != SurveyStatus.ACTIVE:
        raise ValidationError(_("This feedback page is closed."))
    organization = survey.organization
    if touchpoint is not None and (touchpoint.organization_id != organization.pk or not touchpoint.is_active):
        raise ValidationError({"touchpoint": _("Choose one of the options shown.")})
    if language not in SURVEY_LANGUAGES:
        language = organization.default_language
    if not (text or "").strip():
        raise ValidationError({"text": _("Please write your feedback.")})
    email, phone = contact_parse(contact)
    if (may_contact or may_ask_later) and not (email or phone):
        raise ValidationError(
            {"contact": _("Give an e-mail address or a phone number so that we can reach you.")}
        )
    idempotency_key = f"feedback:{submission_key}" if submission_key else ""
    if idempotency_key:
        earlier = Response.objects.filter(organization=organization, idempotency_key=idempotency_key).first()
        if earlier is not None:
            return earlier
    questions = feedback_questions(survey=survey)
    answers: dict[int, dict] = {}
    if questions["text"] is not None:
        answers[questions["text"].pk] = {"text": text}
    if questions["score"] is not None and score is not None:
        answers[questions["score"].pk] = {"score": score}
    if questions["may_contact"] is not None and (email or phone):
        answers[questions["may_contact"].pk] = {"score": 1 if may_contact else 0}
    with transaction.atomic():
        customer = _feedback_customer(
            organization=organization,
            language=language,
            name=(name or "").strip(),
            email=email,
            phone=phone,
            may_contact=may_contact,
            may_ask_later=may_ask_later,
        )
        response = services.response_start(
            survey=survey,
            source=ResponseSource.PASSIVE,
            language=language,
            customer=customer,
            touchpoint=touchpoint,
            channel="web",
            device=device,
            respondent_key=respondent_key,
            idempotency_key=idempotency_key,
            started_at=at,
        )
        services.response_submit_all(response=response, answers=answers)
    return response
