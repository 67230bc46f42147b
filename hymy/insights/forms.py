from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CHURN_AFTER_DAYS_MAX, CHURN_AFTER_DAYS_MIN
from .selectors import METRICS


class TargetForm(forms.Form):
    metric = forms.ChoiceField(label=_("Metric"), choices=[])
    touchpoint = forms.ModelChoiceField(
        label=_("Touchpoint"), queryset=None, required=False, empty_label=_("The whole organisation")
    )
    good = forms.FloatField(label=_("Good from"), localize=True)
    excellent = forms.FloatField(label=_("Excellent from"), localize=True)
    best = forms.FloatField(label=_("The very best from"), localize=True)

    def __init__(self, *args, touchpoints, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric"].choices = [(metric.key, metric.label) for metric in METRICS]
        self.fields["touchpoint"].queryset = touchpoints


class ChurnRuleForm(forms.Form):
    churn_after_days = forms.IntegerField(
        label=_("Churned after this many days without a purchase"),
        min_value=CHURN_AFTER_DAYS_MIN,
        max_value=CHURN_AFTER_DAYS_MAX,
    )
