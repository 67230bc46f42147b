import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hymy.tenancy.models import User

from .choices import CaseChannel, CaseKind, CasePriority, CaseStatus, ReplyVia
from .models import RoutingRule, SlaPolicy


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class CaseFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200)
    status = forms.ChoiceField(
        required=False,
        choices=[
            ("", _("All statuses")),
            ("open", _("Open (new, in progress, waiting)")),
            *CaseStatus.choices,
        ],
    )
    kind = forms.ChoiceField(required=False, choices=[("", _("All kinds")), *CaseKind.choices])
    assignee = MemberChoiceField(queryset=User.objects.none(), required=False, empty_label=_("Anyone"))
    team = forms.ModelChoiceField(queryset=None, required=False, empty_label=_("Any team"))
    partner = forms.ModelChoiceField(queryset=None, required=False, empty_label=_("Any partner"))
    overdue = forms.BooleanField(required=False, label=_("Only overdue"))

    def __init__(self, *args, members, teams, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = members
        self.fields["team"].queryset = teams
        self.fields["partner"].queryset = partners


class CaseForm(forms.Form):
    """Staff entry of a case: a phone call, a visit to the store, a letter."""

    kind = forms.ChoiceField(label=_("Kind"), choices=CaseKind.choices, initial=CaseKind.COMPLAINT)
    channel = forms.ChoiceField(
        label=_("Arrived by"),
        choices=[
            (value, label) for value, label in CaseChannel.choices if value in ("phone", "store", "email")
        ],
    )
    title = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(
        label=_("What the customer said"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=20000,
    )
    customer = forms.ModelChoiceField(
        label=_("Customer"), queryset=None, required=False, empty_label=_("Not a registered customer")
    )
    contact_email = forms.EmailField(label=_("Contact e-mail (if not a registered customer)"), required=False)
    touchpoint = forms.ModelChoiceField(
        label=_("Touchpoint"), queryset=None, required=False, empty_label=_("Not known")
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=CasePriority.choices, initial=CasePriority.NORMAL
    )
    assignee = MemberChoiceField(
        label=_("Assign to"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("By the routing rules"),
    )
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=None, required=False, empty_label=_("By the routing rules")
    )

    def __init__(self, *args, customers, touchpoints, members, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = customers
        self.fields["touchpoint"].queryset = touchpoints
        self.fields["assignee"].queryset = members
        self.fields["team"].queryset = teams


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000,
                           error_messages={"required": _("Write the reply.")})  # fmt: skip
    via = forms.ChoiceField(label=_("How"), choices=ReplyVia.choices, initial=ReplyVia.EMAIL)


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20000,
                           error_messages={"required": _("Write the note.")})  # fmt: skip


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[c for c in CaseStatus.choices if c[0] != CaseStatus.MERGED]
    )
    resolution = forms.CharField(
        label=_("How it was resolved"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=20000,
    )


class AssignForm(forms.Form):
    assignee = MemberChoiceField(
        label=_("Person"), queryset=User.objects.none(), required=False, empty_label=_("Nobody")
    )
    team = forms.ModelChoiceField(label=_("Team"), queryset=None, required=False, empty_label=_("No team"))
    partner = forms.ModelChoiceField(
        label=_("Partner"), queryset=None, required=False, empty_label=_("Our own staff")
    )

    def __init__(self, *args, members, teams, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = members
        self.fields["team"].queryset = teams
        self.fields["partner"].queryset = partners


class PriorityForm(forms.Form):
    priority = forms.ChoiceField(label=_("Priority"), choices=CasePriority.choices)


class MergeForm(forms.Form):
    into = forms.IntegerField(label=_("Merge into case number"), min_value=1)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))


class PromiseForm(forms.Form):
    text = forms.CharField(label=_("What was promised"), max_length=300)
    minutes = forms.IntegerField(label=_("In minutes"), required=False, min_value=1, max_value=60 * 24 * 60)
    due_at = forms.DateTimeField(label=_("Or by"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("minutes"):
            data["due_at"] = timezone.now() + datetime.timedelta(minutes=data["minutes"])
        elif not data.get("due_at"):
            raise forms.ValidationError(_("Say in how many minutes, or by when."))
        return data


class CaseSettingsForm(forms.Form):
    nps_followup_max = forms.IntegerField(
        label=_("Open a follow-up for NPS scores up to"), required=False, min_value=0, max_value=10
    )
    csat_followup_max = forms.IntegerField(
        label=_("Open a follow-up for CSAT scores up to"), required=False, min_value=1, max_value=5
    )
    smiley_followup_with_comment = forms.BooleanField(
        label=_("Open a follow-up for an unhappy smiley with a comment"), required=False
    )
    send_acknowledgement = forms.BooleanField(
        label=_("Acknowledge new cases to the customer by e-mail"), required=False
    )
    send_recovery_survey = forms.BooleanField(
        label=_("Ask the customer after resolution how well we fixed it"), required=False
    )

    WEEKDAYS = [
        _("Monday"),
        _("Tuesday"),
        _("Wednesday"),
        _("Thursday"),
        _("Friday"),
        _("Saturday"),
        _("Sunday"),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for day, label in enumerate(self.WEEKDAYS):
            self.fields[f"opens_{day}"] = forms.TimeField(label=label, required=False)
            self.fields[f"closes_{day}"] = forms.TimeField(label=label, required=False)

    def opening_hours(self) -> list:
        hours = []
        for day in range(7):
            opens, closes = self.cleaned_data.get(f"opens_{day}"), self.cleaned_data.get(f"closes_{day}")
            hours.append(
                [opens.strftime("%H:%M"), closes.strftime("%H:%M")]
                if opens and closes and opens < closes
                else None
            )
        return hours

    @classmethod
    def initial_from(cls, case_settings, calendar) -> dict:
        initial = {
            field: getattr(case_settings, field)
            for field in ("nps_followup_max", "csat_followup_max", "smiley_followup_with_comment",
                          "send_acknowledgement", "send_recovery_survey")
        }  # fmt: skip
        for day, hours in enumerate(calendar.hours):
            if hours:
                initial[f"opens_{day}"], initial[f"closes_{day}"] = hours
        return initial


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    members = forms.ModelMultipleChoiceField(label=_("Members"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members
        self.fields["members"].label_from_instance = lambda user: user.display_name


class ReplyTemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    body_fi = forms.CharField(
        label=_("Text in Finnish"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
    )
    body_sv = forms.CharField(
        label=_("Text in Swedish"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
    )
    body_en = forms.CharField(
        label=_("Text in English"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
    )
    is_acknowledgement = forms.BooleanField(
        label=_("Use as the acknowledgement of new cases"), required=False
    )

    def service_fields(self) -> dict:
        data = self.cleaned_data
        body = {
            language: data[f"body_{language}"].strip()
            for language in ("fi", "sv", "en")
            if data[f"body_{language}"].strip()
        }
        return {"name": data["name"], "body": body, "is_acknowledgement": data["is_acknowledgement"]}


class SlaPolicyForm(forms.ModelForm):
    class Meta:
        model = SlaPolicy
        fields = [
            "name",
            "kind",
            "priority",
            "first_response_minutes",
            "resolution_minutes",
            "warn_before_minutes",
        ]

    def service_fields(self) -> dict:
        return dict(self.cleaned_data)


class RoutingRuleForm(forms.ModelForm):
    class Meta:
        model = RoutingRule
        fields = [
            "position", "name", "touchpoint", "partner", "channel", "touchpoint_channel", "customer_tag", "words",
            "kind", "assign_team", "assign_user", "set_priority",
        ]  # fmt: skip

    def __init__(self, *args, organization, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["touchpoint"].queryset = organization.touchpoints.all()
        self.fields["partner"].queryset = organization.partners.all()
        self.fields["customer_tag"].queryset = organization.tags.all()
        self.fields["assign_team"].queryset = organization.teams.all()
        self.fields["assign_user"].queryset = members
        self.fields["assign_user"].label_from_instance = lambda user: user.display_name

    def service_fields(self) -> dict:
        return dict(self.cleaned_data)


class InboundMailboxForm(forms.Form):
    """E-mail in: the IMAP mailbox customers write to. The password is write-only: never shown again,
    and left empty it keeps the stored one."""

    address = forms.EmailField(label=_("Address customers write to"), max_length=254)
    host = forms.CharField(label=_("IMAP server"), max_length=200)
    port = forms.IntegerField(label=_("Port"), min_value=1, max_value=65535, initial=993)
    use_ssl = forms.BooleanField(label=_("Use TLS"), required=False, initial=True)
    username = forms.CharField(label=_("User name"), max_length=200)
    password = forms.CharField(
        label=_("Password"),
        max_length=200,
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    folder = forms.CharField(label=_("Folder"), max_length=100, initial="INBOX")
    is_active = forms.BooleanField(label=_("In use: fetch new messages regularly"), required=False, initial=True)

    def __init__(self, *args, has_password: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_password = has_password
        self.fields["password"].help_text = (
            _("A password is stored. Leave empty to keep it.") if has_password else _("Required.")
        )

    @classmethod
    def initial_from(cls, mailbox) -> dict:
        if mailbox is None:
            return {}
        return {
            field: getattr(mailbox, field)
            for field in ("address", "host", "port", "use_ssl", "username", "folder", "is_active")
        }

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not password and not self.has_password:
            raise forms.ValidationError(_("Enter the mailbox's password."))
        return password
