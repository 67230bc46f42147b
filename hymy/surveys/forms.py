from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import CHOICE_KINDS, QuestionKind
from .services import MAX_TEXT_LENGTH


class AnswerForm(forms.Form):
    """The answer to one question; which fields exist depends on the question's kind."""

    def __init__(self, *args, question, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        if question.is_scored:
            low, high = question.score_range
            self.fields["score"] = forms.IntegerField(
                min_value=low,
                max_value=high,
                required=question.is_required,
                error_messages={
                    "required": _("Please choose an answer."),
                    "invalid": _("Choose one of the options."),
                    "min_value": _("Choose one of the options."),
                    "max_value": _("Choose one of the options."),
                },
            )
        if question.kind in CHOICE_KINDS:
            self.fields["choices"] = forms.MultipleChoiceField(
                choices=[(choice["value"], choice["value"]) for choice in question.choices],
                required=question.is_required,
                error_messages={
                    "required": _("Please choose an answer."),
                    "invalid_choice": _("Choose from the options shown."),
                },
            )
        if question.kind == QuestionKind.TEXT:
            self.fields["text"] = forms.CharField(
                required=question.is_required,
                max_length=MAX_TEXT_LENGTH,
                widget=forms.Textarea(attrs={"rows": 5}),
                error_messages={"required": _("Please write an answer.")},
            )

    def clean(self):
        data = super().clean()
        if self.question.kind == QuestionKind.SINGLE_CHOICE and len(data.get("choices") or []) > 1:
            self.add_error("choices", _("Choose only one option."))
        return data


class FollowupForm(forms.Form):
    followup_text = forms.CharField(
        required=False, max_length=MAX_TEXT_LENGTH, widget=forms.Textarea(attrs={"rows": 5})
    )


LANGUAGE_LABELS = {"fi": _("Finnish"), "sv": _("Swedish"), "en": _("English")}


def _per_language(form, name: str, label, *, textarea: bool = False, required_one: bool = False):
    """Add `<name>_fi`, `<name>_sv`, `<name>_en` fields for a multilingual text."""
    for code, language in LANGUAGE_LABELS.items():
        widget = forms.Textarea(attrs={"rows": 2}) if textarea else forms.TextInput()
        form.fields[f"{name}_{code}"] = forms.CharField(
            label=f"{label} ({language})", required=False, max_length=2000, widget=widget
        )


def _collect(data: dict, name: str) -> dict:
    return {
        code: data.pop(f"{name}_{code}", "").strip() for code in LANGUAGE_LABELS if f"{name}_{code}" in data
    }


def _spread(texts: dict, name: str) -> dict:
    return {f"{name}_{code}": (texts or {}).get(code, "") for code in LANGUAGE_LABELS}


class SurveyForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, help_text=_("For your own use; respondents see the title.")
    )
    moment = forms.ChoiceField(label=_("When in the journey"), choices=[])
    touchpoints = forms.ModelMultipleChoiceField(
        label=_("Touchpoints"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    invite_after_encounters = forms.BooleanField(
        label=_("Invite after encounters at these touchpoints"), required=False
    )
    invite_after_purchases = forms.BooleanField(
        label=_("Invite after purchases at these touchpoints"), required=False
    )
    invitation_delay_minutes = forms.IntegerField(
        label=_("Delay before inviting (minutes)"), min_value=0, max_value=60 * 24 * 60
    )
    sampling_percent = forms.IntegerField(
        label=_("Share of customers invited (%)"), min_value=0, max_value=100
    )
    reminder_after_days = forms.IntegerField(
        label=_("Reminder after (days)"),
        min_value=1,
        max_value=60,
        required=False,
        help_text=_("Empty: no reminder. At most one is sent, never after an answer."),
    )
    response_edit_minutes = forms.IntegerField(
        label=_("Answers can be changed for (minutes)"), min_value=0, max_value=60 * 24 * 7
    )

    def __init__(self, *args, touchpoints, **kwargs):
        from .choices import Moment

        super().__init__(*args, **kwargs)
        self.fields["moment"].choices = Moment.choices
        self.fields["touchpoints"].queryset = touchpoints
        _per_language(self, "title", _("Title"))
        _per_language(self, "intro", _("Introduction"), textarea=True)
        _per_language(self, "thank_you", _("Thank-you text"), textarea=True)

    @staticmethod
    def initial_from(survey) -> dict:
        return {
            "name": survey.name, "moment": survey.moment, "touchpoints": list(survey.touchpoints.all()),
            "invite_after_encounters": survey.invite_after_encounters,
            "invite_after_purchases": survey.invite_after_purchases,
            "invitation_delay_minutes": survey.invitation_delay_minutes,
            "sampling_percent": survey.sampling_percent, "reminder_after_days": survey.reminder_after_days,
            "response_edit_minutes": survey.response_edit_minutes,
            **_spread(survey.title, "title"), **_spread(survey.intro, "intro"), **_spread(survey.thank_you, "thank_you"),
        }  # fmt: skip

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["title"] = _collect(data, "title")
        data["intro"] = _collect(data, "intro")
        data["thank_you"] = _collect(data, "thank_you")
        return data


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    is_required = forms.BooleanField(label=_("Required"), required=False)
    scale_min = forms.IntegerField(label=_("Scale from"), required=False, help_text=_("Rating scale only."))
    scale_max = forms.IntegerField(label=_("Scale to"), required=False)
    followup_min_score = forms.IntegerField(
        label=_("Ask the follow-up from score"), required=False, help_text=_("Empty: after every answer.")
    )
    followup_max_score = forms.IntegerField(label=_("Ask the follow-up up to score"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _per_language(self, "text", _("Question"), textarea=True)
        _per_language(self, "choices", _("Choices, one a line"), textarea=True)
        _per_language(self, "low_label", _("Label of the low end"))
        _per_language(self, "high_label", _("Label of the high end"))
        _per_language(self, "followup_text", _("Follow-up question, e.g. 'Why?'"))

    @staticmethod
    def initial_from(question) -> dict:
        choice_lines = {
            code: "\n".join(choice["label"].get(code, "") for choice in question.choices)
            for code in LANGUAGE_LABELS
        }
        return {
            "kind": question.kind, "is_required": question.is_required,
            "scale_min": question.scale_min, "scale_max": question.scale_max,
            "followup_min_score": question.followup_min_score, "followup_max_score": question.followup_max_score,
            **_spread(question.text, "text"), **_spread(choice_lines, "choices"),
            **_spread(question.low_label, "low_label"), **_spread(question.high_label, "high_label"),
            **_spread(question.followup_text, "followup_text"),
        }  # fmt: skip

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("text", "low_label", "high_label", "followup_text"):
            data[name] = _collect(data, name)
        lines = {
            code: [line.strip() for line in text.splitlines() if line.strip()]
            for code, text in _collect(data, "choices").items()
        }
        count = max((len(values) for values in lines.values()), default=0)
        data["choices"] = [
            {
                "value": str(index + 1),
                "label": {code: values[index] for code, values in lines.items() if index < len(values)},
            }
            for index in range(count)
        ]
        return data


class ContactPolicyForm(forms.Form):
    days_between_invitations = forms.IntegerField(
        label=_("At most one invitation per customer every (days)"), min_value=0, max_value=365
    )
    quiet_hours_start = forms.TimeField(label=_("Quiet hours start"))
    quiet_hours_end = forms.TimeField(label=_("Quiet hours end"))


class ResponseFilterForm(forms.Form):
    survey = forms.ModelChoiceField(
        label=_("Survey"), queryset=None, required=False, empty_label=_("All surveys")
    )
    touchpoint = forms.ModelChoiceField(
        label=_("Touchpoint"), queryset=None, required=False, empty_label=_("All touchpoints")
    )
    source = forms.ChoiceField(label=_("Channel"), required=False)
    band = forms.ChoiceField(
        label=_("Score"),
        required=False,
        choices=[
            ("", _("All scores")),
            ("low", _("Low (e.g. NPS 0–6)")),
            ("middle", _("Middle (NPS 7–8)")),
            ("high", _("High (NPS 9–10)")),
        ],
    )
    has_comment = forms.ChoiceField(
        label=_("Comment"),
        required=False,
        choices=[("", _("With or without")), ("yes", _("With a comment")), ("no", _("Without"))],
    )
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("To"), required=False)

    def __init__(self, *args, surveys, touchpoints, **kwargs):
        from .choices import ResponseSource

        super().__init__(*args, **kwargs)
        self.fields["survey"].queryset = surveys
        self.fields["touchpoint"].queryset = touchpoints
        self.fields["source"].choices = [("", _("All channels")), *ResponseSource.choices]


class StaffEntryForm(forms.Form):
    """A phone or deep interview (seed 004) entered by a staff member: every question on one page."""

    interview_kind = forms.ChoiceField(
        label=_("Interview"),
        choices=[
            ("phone", _("Phone interview")),
            ("deep", _("Deep interview")),
            ("in_person", _("In person")),
        ],
    )

    touchpoint = forms.ModelChoiceField(
        label=_("Touchpoint"), queryset=None, required=False, help_text=_("Where the experience happened.")
    )

    def __init__(self, *args, survey, language, touchpoints, **kwargs):
        from hymy.core.texts import text_in

        super().__init__(*args, **kwargs)
        self.fields["touchpoint"].queryset = touchpoints
        self.fields["touchpoint"].initial = survey.touchpoints.first() if survey.touchpoints.count() == 1 else None
        self.questions = list(survey.questions.all())
        for question in self.questions:
            label = text_in(question.text, language)
            if question.is_scored:
                low, high = question.score_range
                self.fields[f"q{question.pk}_score"] = forms.TypedChoiceField(
                    label=label, required=False, coerce=int, empty_value=None,
                    choices=[("", "—")] + [(value, value) for value in range(low, high + 1)],
                )  # fmt: skip
            if question.kind in CHOICE_KINDS:
                self.fields[f"q{question.pk}_choices"] = forms.MultipleChoiceField(
                    label=label, required=False, widget=forms.CheckboxSelectMultiple,
                    choices=[(choice["value"], text_in(choice["label"], language)) for choice in question.choices],
                )  # fmt: skip
            if question.kind == QuestionKind.TEXT:
                self.fields[f"q{question.pk}_text"] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=MAX_TEXT_LENGTH,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
            if question.has_followup:
                self.fields[f"q{question.pk}_followup"] = forms.CharField(
                    label=text_in(question.followup_text, language), required=False, max_length=MAX_TEXT_LENGTH,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )  # fmt: skip

    def answers(self) -> dict[int, dict]:
        data = self.cleaned_data
        answers = {}
        for question in self.questions:
            values = {}
            if f"q{question.pk}_score" in data and data[f"q{question.pk}_score"] is not None:
                values["score"] = data[f"q{question.pk}_score"]
            if data.get(f"q{question.pk}_choices"):
                values["choices"] = data[f"q{question.pk}_choices"]
            if data.get(f"q{question.pk}_text"):
                values["text"] = data[f"q{question.pk}_text"]
            if data.get(f"q{question.pk}_followup"):
                values["followup_text"] = data[f"q{question.pk}_followup"]
            if values:
                answers[question.pk] = values
        return answers


class InviteCustomerForm(forms.Form):
    survey = forms.ModelChoiceField(label=_("Survey"), queryset=None)

    def __init__(self, *args, surveys, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survey"].queryset = surveys


class KioskForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, help_text=_("E.g. 'Tablet by the Kamppi till'."))
    survey = forms.ModelChoiceField(label=_("Survey"), queryset=None)
    touchpoint = forms.ModelChoiceField(label=_("Touchpoint"), queryset=None)
    reset_seconds = forms.IntegerField(label=_("Back to the start after (seconds)"), min_value=2, max_value=120, initial=6)

    def __init__(self, *args, surveys, touchpoints, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survey"].queryset = surveys
        self.fields["touchpoint"].queryset = touchpoints


class WidgetForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    survey = forms.ModelChoiceField(label=_("Survey"), queryset=None)
    touchpoint = forms.ModelChoiceField(label=_("Touchpoint"), queryset=None, required=False)
    path_pattern = forms.CharField(
        label=_("Show on pages"), max_length=200, required=False,
        help_text=_("A page path such as /checkout/thanks or /shop/*; empty: every page."),
    )
    delay_seconds = forms.IntegerField(label=_("After this many seconds on the page"), min_value=0, max_value=3600, initial=20)
    wait_days = forms.IntegerField(
        label=_("Do not ask the same visitor again for (days)"), min_value=0, max_value=3650, initial=90
    )
    allowed_origins = forms.CharField(
        label=_("Websites allowed"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One address a line, e.g. https://www.example.fi; empty: any website."),
    )

    def __init__(self, *args, surveys, touchpoints, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survey"].queryset = surveys
        self.fields["touchpoint"].queryset = touchpoints

    def clean_allowed_origins(self):
        lines = [line.strip().rstrip("/") for line in self.cleaned_data["allowed_origins"].splitlines() if line.strip()]
        for line in lines:
            if not line.startswith(("https://", "http://")) or "/" in line.split("://", 1)[1]:
                raise forms.ValidationError(
                    _("Write each website as its address only, e.g. https://www.example.fi (not %(line)s)."),
                    params={"line": line},
                )
        return "\n".join(lines)
