from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from .choices import Role


class SignInForm(AuthenticationForm):
    """Django's sign-in form. Addresses are stored in lower case, so the typed one is compared so too."""

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.AGENT)
    partner = forms.ModelChoiceField(label=_("Partner company"), queryset=None, required=False)

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    partner = forms.ModelChoiceField(label=_("Partner company"), queryset=None, required=False)

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("What they do for us"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AcceptInvitationForm(forms.Form):
    """For a person who has no account yet: their name and a password."""

    full_name = forms.CharField(label=_("Your name"), max_length=200)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)

    def clean_password(self):
        password = self.cleaned_data["password"]
        validate_password(password)
        return password


def api_scope_choices():
    from .choices import ApiResource

    return [
        (f"{resource}:{level}", f"{label} — {level_label}")
        for resource, label in ApiResource.choices
        for level, level_label in (("read", _("read")), ("write", _("write")))
    ]


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("The system that uses the key, e.g. “Web shop”.")
    )
    scopes = forms.MultipleChoiceField(
        label=_("Access"),
        choices=api_scope_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Writing includes reading what the key writes."),
    )
    partner = forms.ModelChoiceField(
        label=_("Partner company"),
        queryset=None,
        required=False,
        help_text=_(
            "A partner's key reaches only that partner's touchpoints and the customers served there."
        ),
    )

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners
