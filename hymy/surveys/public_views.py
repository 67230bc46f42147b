"""The pages respondents see. No sign-in: every page is reached by an unguessable token.

Flow: an invitation link (/r/<token>/) or a public link (/p/<token>/) shows the first question;
the first answer creates the response, and from then on the respondent moves through
/a/<response token>/q/<n>/ one question at a time, so every answer is saved as it is given.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django_ratelimit.decorators import ratelimit

from hymy.core.devices import device_kind
from hymy.core.texts import text_in

from . import services
from .choices import QuestionKind, ResponseSource, SurveyStatus
from .feedback import FEEDBACK_TEMPLATE_KEY
from .forms import AnswerForm, FollowupForm
from .models import SURVEY_LANGUAGES, Invitation, Question, Response, Survey

ANSWERED_COOKIE = "hymy_answered_{}"


def language_for(request, *, preferred: str = "", organization=None) -> str:
    """?lang= if given, else the customer's language, else the browser's, else the organisation's."""
    asked = request.GET.get("lang", "")
    if asked in SURVEY_LANGUAGES:
        return asked
    if preferred in SURVEY_LANGUAGES:
        return preferred
    browser = translation.get_language_from_request(request)[:2]
    if browser in SURVEY_LANGUAGES:
        return browser
    return organization.default_language if organization else "fi"


def _respondent_key(request, survey: Survey) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    agent = request.META.get("HTTP_USER_AGENT", "")[:200]
    return hashlib.sha256(f"{settings.SECRET_KEY}:{survey.pk}:{address}:{agent}".encode()).hexdigest()


def _render_question(request, survey, question, language, *, form, response=None, status=200, action=""):
    questions = list(survey.questions.all())
    with translation.override(language):
        context = {
            "survey": survey,
            "organization": survey.organization,
            "question": question,
            "question_text": text_in(question.text, language),
            "low_label": text_in(question.low_label, language),
            "high_label": text_in(question.high_label, language),
            "options": _options(question, language),
            "form": form,
            "response": response,
            "language": language,
            "languages": SURVEY_LANGUAGES,
            "position": questions.index(question) + 1,
            "total": len(questions),
            "action": action,
            "title": survey.title_in(language),
            "skip_url": _next_url(response, question, None) if response and not question.is_required else "",
        }
        return render(request, "surveys/respond/question.html", context, status=status)


def _options(question: Question, language: str) -> list[dict]:
    """The answer buttons of a question: value and label in the respondent's language."""
    if question.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE):
        return [
            {"value": choice["value"], "label": text_in(choice["label"], language)}
            for choice in question.choices
        ]
    if question.kind == QuestionKind.YES_NO:
        return [{"value": 1, "label": "yes"}, {"value": 0, "label": "no"}]
    if question.score_range:
        low, high = question.score_range
        return [{"value": value, "label": str(value)} for value in range(low, high + 1)]
    return []


def _next_url(response: Response, question: Question, score) -> str:
    if question.followup_applies(score):
        return reverse("response_followup", args=[response.token, question.position])
    following = response.survey.questions.filter(position__gt=question.position).first()
    if following is None:
        return reverse("response_done", args=[response.token])
    return reverse("response_question", args=[response.token, following.position])


def _answer_from_form(form: AnswerForm) -> dict:
    data = form.cleaned_data
    return {"score": data.get("score"), "choices": data.get("choices"), "text": data.get("text")}


@never_cache
@ratelimit(key="ip", rate="60/m", method="POST", block=True)
def invitation_open(request, token):
    """The link in an invitation. `?score=N` (a click in the e-mail) records the first answer at once."""
    invitation = (
        Invitation.objects.select_related("survey", "survey__organization", "customer")
        .filter(token=token)
        .first()
    )
    if invitation is None:
        return render(request, "surveys/respond/unknown.html", status=404)
    survey = invitation.survey
    services.invitation_mark_opened(invitation=invitation)
    language = language_for(request, preferred=invitation.language, organization=survey.organization)
    existing = Response.objects.filter(invitation=invitation).first()
    if existing is not None and not services.response_is_editable(existing):
        with translation.override(existing.language):
            return render(request, "surveys/respond/already.html", {"survey": survey}, status=409)
    if survey.status != SurveyStatus.ACTIVE and existing is None:
        with translation.override(language):
            return render(request, "surveys/respond/closed.html", {"survey": survey}, status=410)
    first = survey.questions.first()
    if first is None:
        raise Http404
    score = request.POST.get("score") if request.method == "POST" else request.GET.get("score")
    if score not in (None, ""):
        form = AnswerForm({"score": score, "text": request.POST.get("text", "")}, question=first)
        if form.is_valid():
            response = existing or services.response_start(
                survey=survey,
                source=ResponseSource.INVITATION,
                invitation=invitation,
                language=language,
                device=device_kind(request.META.get("HTTP_USER_AGENT", "")),
            )
            try:
                services.answer_save(response=response, question=first, **_answer_from_form(form))
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                return redirect(_next_url(response, first, form.cleaned_data.get("score")))
        return _render_question(request, survey, first, language, form=form, status=400)
    if existing is not None:
        return redirect("response_question", existing.token, first.position)
    return _render_question(request, survey, first, language, form=AnswerForm(question=first))


@never_cache
@ratelimit(key="ip", rate="20/h", method="POST", block=True, group="public_survey_start")
def public_survey(request, token):
    """An anonymous survey link, e.g. on a receipt or a QR poster. One response per browser at a time."""
    survey = get_object_or_404(Survey.objects.select_related("organization"), public_token=token)
    if survey.template_key == FEEDBACK_TEMPLATE_KEY:
        # The organisation's feedback page has its own form (contact details, touchpoint).
        return redirect(reverse("feedback_page", args=[token]) + (f"?{request.GET.urlencode()}" if request.GET else ""))
    language = language_for(request, organization=survey.organization)
    if survey.status != SurveyStatus.ACTIVE:
        with translation.override(language):
            return render(request, "surveys/respond/closed.html", {"survey": survey}, status=410)
    first = survey.questions.first()
    if first is None:
        raise Http404
    previous_token = request.COOKIES.get(ANSWERED_COOKIE.format(survey.pk), "")
    previous = (
        Response.objects.filter(survey=survey, token=previous_token).first() if previous_token else None
    )
    if previous is not None and services.response_is_editable(previous):
        return redirect("response_question", previous.token, first.position)
    if request.method == "POST":
        form = AnswerForm(request.POST, question=first)
        if form.is_valid():
            response = services.response_start(
                survey=survey,
                source=ResponseSource.PUBLIC_LINK,
                language=language,
                device=device_kind(request.META.get("HTTP_USER_AGENT", "")),
                respondent_key=_respondent_key(request, survey),
                touchpoint=survey.touchpoints.filter(pk=request.GET.get("tp") or 0).first(),
            )
            try:
                services.answer_save(response=response, question=first, **_answer_from_form(form))
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                reply = redirect(_next_url(response, first, form.cleaned_data.get("score")))
                reply.set_cookie(
                    ANSWERED_COOKIE.format(survey.pk), response.token, max_age=24 * 3600, httponly=True,
                    samesite="Lax",
                )  # fmt: skip
                return reply
        return _render_question(request, survey, first, language, form=form, status=400)
    return _render_question(request, survey, first, language, form=AnswerForm(question=first))


def _language_switch(request, response: Response) -> None:
    """`?lang=sv` on any page of a response switches it (and what it is counted under) to Swedish."""
    if request.GET.get("lang") in SURVEY_LANGUAGES and request.GET["lang"] != response.language:
        Response.objects.filter(pk=response.pk).update(language=request.GET["lang"])
        response.language = request.GET["lang"]


def _response_for(token: str) -> Response:
    response = Response.objects.select_related("survey", "survey__organization").filter(token=token).first()
    if response is None:
        raise Http404
    return response


@never_cache
@ratelimit(key="ip", rate="120/m", method="POST", block=True)
def response_question(request, token, position):
    response = _response_for(token)
    survey = response.survey
    _language_switch(request, response)
    if not services.response_is_editable(response):
        with translation.override(response.language):
            return render(request, "surveys/respond/already.html", {"survey": survey}, status=409)
    question = get_object_or_404(Question, survey=survey, position=position)
    existing = response.answers.filter(question=question).first()
    if request.method == "POST":
        form = AnswerForm(request.POST, question=question)
        if form.is_valid():
            try:
                services.answer_save(response=response, question=question, **_answer_from_form(form))
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                return redirect(_next_url(response, question, form.cleaned_data.get("score")))
        return _render_question(
            request, survey, question, response.language, form=form, response=response, status=400
        )
    initial = {}
    if existing is not None:
        initial = {"score": existing.score, "choices": existing.choices, "text": existing.text}
    return _render_question(
        request, survey, question, response.language, form=AnswerForm(initial=initial, question=question),
        response=response,
    )  # fmt: skip


@never_cache
@ratelimit(key="ip", rate="120/m", method="POST", block=True)
def response_followup(request, token, position):
    """The "Why?" after an answer."""
    response = _response_for(token)
    _language_switch(request, response)
    if not services.response_is_editable(response):
        with translation.override(response.language):
            return render(request, "surveys/respond/already.html", {"survey": response.survey}, status=409)
    question = get_object_or_404(Question, survey=response.survey, position=position)
    answer = response.answers.filter(question=question).first()
    form = FollowupForm(
        request.POST or None, initial={"followup_text": answer.followup_text if answer else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_save(
                response=response, question=question, followup_text=form.cleaned_data["followup_text"]
            )
        except ValidationError as error:
            form.add_error("followup_text", error.messages)
        else:
            following = response.survey.questions.filter(position__gt=question.position).first()
            if following is None:
                return redirect("response_done", response.token)
            return redirect("response_question", response.token, following.position)
    with translation.override(response.language):
        context = {
            "survey": response.survey,
            "organization": response.survey.organization,
            "title": response.survey.title_in(response.language),
            "followup_question": text_in(question.followup_text, response.language),
            "form": form,
            "response": response,
            "question": question,
            "language": response.language,
            "languages": SURVEY_LANGUAGES,
        }
        return render(request, "surveys/respond/followup.html", context, status=400 if form.errors else 200)


@never_cache
def response_done(request, token):
    response = _response_for(token)
    first = response.survey.questions.first()
    with translation.override(response.language):
        context = {
            "survey": response.survey,
            "organization": response.survey.organization,
            "title": response.survey.title_in(response.language),
            "thank_you": text_in(response.survey.thank_you, response.language),
            "response": response,
            "can_edit": services.response_is_editable(response) and first is not None,
            "first_position": first.position if first else 1,
            "language": response.language,
        }
        return render(request, "surveys/respond/done.html", context)
