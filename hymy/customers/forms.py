from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hymy.journeys.choices import Channel
from hymy.tenancy.choices import Language

from .choices import ConsentSource, CustomerKind, CustomerStatus, EncounterOutcome


class AttributesField(forms.CharField):
    """Custom attributes typed as 'key: value' lines."""

    widget = forms.Textarea(attrs={"rows": 3, "placeholder": "asiakasnumero: 1234"})

    def prepare_value(self, value):
        if isinstance(value, dict):
            return "\n".join(f"{key}: {item}" for key, item in value.items())
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        attributes = {}
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            key, separator, item = line.partition(":")
            if not separator or not key.strip():
                raise forms.ValidationError(
                    _("Line %(number)s: write each attribute as 'name: value'."), params={"number": number}
                )
            attributes[key.strip()[:60]] = item.strip()
        return attributes


class TagsField(forms.CharField):
    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [name.strip() for name in text.split(",") if name.strip()]


class CustomerForm(forms.Form):
    """The customer's details. Validation of e-mail and phone happens in the service, in one place."""

    kind = forms.ChoiceField(label=_("Kind"), choices=CustomerKind.choices, initial=CustomerKind.PERSON)
    name = forms.CharField(label=_("Name"), max_length=200)
    company = forms.ModelChoiceField(label=_("Company"), queryset=None, required=False)
    email = forms.CharField(label=_("E-mail"), required=False, max_length=254)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial=Language.FINNISH)
    external_id = forms.CharField(label=_("External id"), required=False, max_length=100)
    needs_and_wishes = forms.CharField(
        label=_("Needs and wishes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown first to everyone who serves this customer."),
    )
    survey_consent = forms.BooleanField(label=_("May be asked for feedback"), required=False)
    survey_consent_source = forms.ChoiceField(
        label=_("Feedback consent given by"), choices=[("", "—"), *ConsentSource.choices], required=False
    )
    marketing_consent = forms.BooleanField(label=_("May receive marketing"), required=False)
    marketing_consent_source = forms.ChoiceField(
        label=_("Marketing consent given by"), choices=[("", "—"), *ConsentSource.choices], required=False
    )
    tags = TagsField(label=_("Tags"), required=False, help_text=_("Separate with commas."))
    attributes = AttributesField(label=_("Custom attributes"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=CustomerStatus.choices, initial=CustomerStatus.ACTIVE)

    def __init__(self, *args, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies

    @staticmethod
    def initial_from(customer):
        return {
            "kind": customer.kind,
            "name": customer.name,
            "company": customer.company_id,
            "email": customer.email,
            "phone": customer.phone,
            "language": customer.language,
            "external_id": customer.external_id,
            "needs_and_wishes": customer.needs_and_wishes,
            "survey_consent": customer.survey_consent,
            "survey_consent_source": customer.survey_consent_source,
            "marketing_consent": customer.marketing_consent,
            "marketing_consent_source": customer.marketing_consent_source,
            "tags": [tag.name for tag in customer.tags.all()],
            "attributes": customer.attributes,
            "status": customer.status,
        }


class CustomerFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *CustomerKind.choices], required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *CustomerStatus.choices], required=False
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("All languages")), *Language.choices], required=False
    )
    tag = forms.ChoiceField(label=_("Tag"), required=False)

    def __init__(self, *args, tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].choices = [("", _("All tags"))] + [(tag.name, tag.name) for tag in tags]


class EncounterForm(forms.Form):
    touchpoint = forms.ModelChoiceField(label=_("Touchpoint"), queryset=None)
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("The touchpoint's own")), *Channel.choices], required=False
    )
    started_at = forms.DateTimeField(label=_("When"), initial=timezone.now)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=EncounterOutcome.choices)
    summary = forms.CharField(label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, touchpoints, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["touchpoint"].queryset = touchpoints


class PurchaseForm(forms.Form):
    purchased_on = forms.DateField(label=_("Date"), initial=timezone.localdate)
    amount = forms.DecimalField(label=_("Amount"), max_digits=12, decimal_places=2, localize=True)
    cost = forms.DecimalField(label=_("Cost"), max_digits=12, decimal_places=2, required=False, localize=True)
    items = forms.CharField(
        label=_("Items"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One item a line."),
    )
    touchpoint = forms.ModelChoiceField(label=_("Touchpoint"), queryset=None, required=False)

    def __init__(self, *args, touchpoints, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["touchpoint"].queryset = touchpoints

    def clean_items(self):
        return [{"name": line.strip(), "quantity": 1} for line in self.cleaned_data["items"].splitlines() if line.strip()]


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))
