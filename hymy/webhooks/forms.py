from django import forms
from django.utils.translation import gettext_lazy as _

from .catalogue import event_choices


class SubscriptionForm(forms.Form):
    # A CharField, not a URLField: the service explains what is wrong with an address in its own words.
    url = forms.CharField(
        label=_("Address"),
        max_length=500,
        help_text=_("The https:// address of your system that receives the events."),
        widget=forms.URLInput(attrs={"placeholder": "https://example.fi/hymy/webhook"}),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=200,
        required=False,
        help_text=_("E.g. 'Help desk: open a ticket'."),
    )
    events = forms.MultipleChoiceField(label=_("Events"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["events"].choices = [
            (name, f"{name} — {description}") for name, description in event_choices()
        ]
