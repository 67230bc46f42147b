from django import forms
from django.utils.translation import gettext_lazy as _


class RetentionForm(forms.Form):
    responses_years = forms.IntegerField(
        label=_("Anonymise responses after (years)"),
        required=False,
        min_value=1,
        max_value=100,
        help_text=_(
            "Empty: keep them. Scores stay in the figures; the link to the customer and free text go."
        ),
    )
    cases_years = forms.IntegerField(
        label=_("Anonymise cases after (years)"),
        required=False,
        min_value=1,
        max_value=100,
        help_text=_("Empty: keep them."),
    )


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that the customer's personal data is removed for good and cannot be restored."),
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )
