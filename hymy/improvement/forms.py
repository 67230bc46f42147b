from django import forms
from django.utils.translation import gettext_lazy as _

from hymy.journeys.models import JourneyStage
from hymy.journeys.selectors import touchpoint_list

from . import selectors
from .choices import ActionStatus, LearningKind
from .models import ImprovementAction, LearningEntry


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ActionForm(forms.ModelForm):
    class Meta:
        model = ImprovementAction
        fields = [
            "title", "description", "owner", "due_on", "status", "metric", "touchpoint", "stage", "started_on",
            "completed_on",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "due_on": DateInput(),
            "started_on": DateInput(),
            "completed_on": DateInput(),
        }
        help_texts = {
            "started_on": _(
                "The figures before this day are compared with the same number of days after it."
            ),
            "completed_on": _("Once the action is done, the comparison is counted from this day instead."),
        }

    def __init__(self, *args, organization, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = selectors.member_users(organization=organization)
        self.fields["owner"].required = True
        self.fields["touchpoint"].queryset = touchpoint_list(organization=organization, membership=membership)
        self.fields["stage"].queryset = JourneyStage.objects.filter(organization=organization)
        self.fields["started_on"].required = False


class LearningEntryForm(forms.ModelForm):
    class Meta:
        model = LearningEntry
        fields = ["kind", "title", "description", "prevention", "owner", "touchpoint", "happened_on"]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
            "prevention": forms.Textarea(attrs={"rows": 3}),
            "happened_on": DateInput(),
        }

    def __init__(self, *args, organization, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = selectors.member_users(organization=organization)
        self.fields["touchpoint"].queryset = touchpoint_list(organization=organization, membership=membership)
        self.fields["happened_on"].required = False
        self.fields["kind"].choices = LearningKind.choices  # no empty radio button


class ActionFilterForm(forms.Form):
    status = forms.ChoiceField(
        required=False, choices=[("", _("Any status")), *ActionStatus.choices], label=_("Status")
    )
    owner = forms.ModelChoiceField(
        required=False, queryset=None, empty_label=_("Any owner"), label=_("Owner")
    )
    overdue = forms.BooleanField(required=False, label=_("Only overdue"))

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = selectors.member_users(organization=organization)


class LearningFilterForm(forms.Form):
    kind = forms.ChoiceField(
        required=False, choices=[("", _("Successes and failures")), *LearningKind.choices]
    )
    touchpoint = forms.ModelChoiceField(required=False, queryset=None, empty_label=_("Every touchpoint"))
    date_from = forms.DateField(required=False, label=_("From"), widget=DateInput())
    date_to = forms.DateField(required=False, label=_("To"), widget=DateInput())

    def __init__(self, *args, organization, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["touchpoint"].queryset = touchpoint_list(organization=organization, membership=membership)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            raise forms.ValidationError(_("The start of the period is after its end."))
        return cleaned
