"""The public "give feedback" page (R3.1): `/feedback/<token>/`, no sign-in, no invitation.

The token is the organisation's feedback survey's public token (see feedback.py), never its slug.
After sending, the page redirects to itself with `?sent=1` and thanks the customer, so reloading
the thank-you page sends nothing twice. Sending is limited per address (10 an hour unless
`settings.FEEDBACK_RATE_LIMIT` says otherwise); a hidden field that people leave empty and form
fillers do not quietly drops spam.
"""

import hashlib
import re
import secrets

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_ratelimit.decorators import ratelimit

from hymy.core.devices import device_kind
from hymy.core.forms import form_add_service_errors
from hymy.core.texts import text_in
from hymy.core.views import rate_limited

from . import feedback
from .choices import SurveyStatus
from .models import SURVEY_LANGUAGES, Survey
from .public_views import language_for
from .services import MAX_TEXT_LENGTH

SUBMISSION_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def feedback_rate(group, request) -> str:
    return settings.FEEDBACK_RATE_LIMIT


class FeedbackForm(forms.Form):
    """The page's fields. Labels of the smiley, the text and the contact box come from the survey."""

    score = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the options.")},
    )
    text = forms.CharField(
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Please write your feedback.")},
    )
    touchpoint = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Which part of our service is this about?"),
        empty_label=_("Not sure, or all of it"),
        error_messages={"invalid_choice": _("Choose one of the options.")},
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact = forms.CharField(
        label=_("E-mail address or phone number"),
        max_length=254,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    may_contact = forms.BooleanField(required=False)
    may_ask_later = forms.BooleanField(label=_("You may also ask me for feedback later"), required=False)
    submission = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    # Left empty by people (it is hidden from them); filled in by form-filling robots.
    website = forms.CharField(required=False, max_length=200)

    def __init__(self, *args, survey: Survey, score_question=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["touchpoint"].queryset = feedback.feedback_touchpoints(survey=survey)
        if score_question is None:
            del self.fields["score"]
        else:
            low, high = score_question.score_range
            self.fields["score"].choices = [(value, str(value)) for value in range(low, high + 1)]

    def clean_submission(self) -> str:
        value = self.cleaned_data.get("submission", "")
        return value if SUBMISSION_KEY.match(value or "") else ""

    def clean(self):
        data = super().clean()
        try:
            feedback.contact_parse(data.get("contact", ""))
        except ValidationError as error:
            form_add_service_errors(self, error)
            return data
        if (data.get("may_contact") or data.get("may_ask_later")) and not data.get("contact"):
            self.add_error("contact", _("Give an e-mail address or a phone number so that we can reach you."))
        return data


def _respondent_key(request, survey: Survey) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    agent = request.META.get("HTTP_USER_AGENT", "")[:200]
    return hashlib.sha256(f"{settings.SECRET_KEY}:{survey.pk}:{address}:{agent}".encode()).hexdigest()


def _render(request, survey, language, *, form=None, questions=None, sent=False, status=200):
    context = {
        "survey": survey,
        "organization": survey.organization,
        "title": survey.title_in(language),
        "intro": text_in(survey.intro, language),
        "thank_you": text_in(survey.thank_you, language),
        "language": language,
        "languages": SURVEY_LANGUAGES,
        "form": form,
        "sent": sent,
        "again_url": "?" + urlencode({"lang": language}),
    }
    if questions is not None:
        score_question, text_question, contact_question = (
            questions["score"],
            questions["text"],
            questions["may_contact"],
        )
        context.update(
            {
                "score_question": score_question,
                "score_text": text_in(score_question.text, language) if score_question else "",
                "score_options": _score_options(score_question),
                "text_text": text_in(text_question.text, language) if text_question else "",
                "may_contact_text": text_in(contact_question.text, language) if contact_question else "",
            }
        )
    return render(request, "surveys/respond/feedback.html", context, status=status)


def _number(value) -> int:
    return int(value) if value and str(value).isdigit() else 0


def _score_options(question) -> list[dict]:
    """The faces, as the other respondent pages draw them (`respond/_option_face.html`)."""
    if question is None:
        return []
    low, high = question.score_range
    return [{"value": value, "label": str(value)} for value in range(low, high + 1)]


@never_cache
@ratelimit(key="ip", rate=feedback_rate, method="POST", block=False, group="feedback_page")
def feedback_page(request, token):
    if getattr(request, "limited", False):
        # "Too many attempts" (429); a blocking decorator would raise a bare 403 here.
        return rate_limited(request)
    survey = (
        Survey.objects.select_related("organization")
        .filter(public_token=token, template_key=feedback.FEEDBACK_TEMPLATE_KEY)
        .first()
    )
    if survey is None:
        with translation.override(language_for(request)):
            return render(request, "surveys/respond/unknown.html", status=404)
    language = language_for(request, organization=survey.organization)
    with translation.override(language):
        if survey.status != SurveyStatus.ACTIVE:
            return render(request, "surveys/respond/closed.html", {"survey": survey}, status=410)
        if request.method == "GET" and request.GET.get("sent") == "1":
            return _render(request, survey, language, sent=True)
        questions = feedback.feedback_questions(survey=survey)
        form_kwargs = {"survey": survey, "score_question": questions["score"]}
        if request.method != "POST":
            # A poster made for one touchpoint links here with ?tp=<id>: that touchpoint is chosen.
            touchpoint = (
                feedback.feedback_touchpoints(survey=survey).filter(pk=_number(request.GET.get("tp"))).first()
            )
            form = FeedbackForm(
                initial={"submission": secrets.token_urlsafe(24), "touchpoint": touchpoint}, **form_kwargs
            )
            return _render(request, survey, language, form=form, questions=questions)
        form = FeedbackForm(request.POST, **form_kwargs)
        if form.is_valid():
            data = form.cleaned_data
            if data["website"]:
                return redirect(request.path + "?" + urlencode({"lang": language, "sent": 1}))
            try:
                feedback.feedback_submit(
                    survey=survey,
                    language=language,
                    text=data["text"],
                    score=data.get("score"),
                    touchpoint=data["touchpoint"],
                    name=data["name"],
                    contact=data["contact"],
                    may_contact=data["may_contact"],
                    may_ask_later=data["may_ask_later"],
                    device=device_kind(request.META.get("HTTP_USER_AGENT", "")),
                    respondent_key=_respondent_key(request, survey),
                    submission_key=data["submission"],
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                return redirect(request.path + "?" + urlencode({"lang": language, "sent": 1}))
        return _render(request, survey, language, form=form, questions=questions, status=400)
