from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Channel, Tier


class StageForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TouchpointForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    stage = forms.ModelChoiceField(label=_("Journey stage"), queryset=None)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    tier = forms.ChoiceField(label=_("Experience tier"), choices=Tier.choices)
    partner = forms.ModelChoiceField(
        label=_("Operated by"), queryset=None, required=False, empty_label=_("Our own staff")
    )
    expectations = forms.CharField(
        label=_("What customers expect here"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def __init__(self, *args, stages, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = stages
        self.fields["partner"].queryset = partners
