import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from hymy.core.forms import form_add_service_errors
from hymy.customers.selectors import customer_list as visible_customers
from hymy.journeys.selectors import touchpoint_list
from hymy.tenancy.decorators import requires
from hymy.tenancy.models import Partner, User
from hymy.tenancy.permissions import CONFIGURE_CASES, HANDLE_CASES, VIEW_CASE_REPORTS, VIEW_CASES

from . import figures, selectors, services
from .forms import (
    AssignForm,
    AttachmentForm,
    CaseFilterForm,
    CaseForm,
    CaseSettingsForm,
    InboundMailboxForm,
    MergeForm,
    NoteForm,
    PriorityForm,
    PromiseForm,
    ReplyForm,
    ReplyTemplateForm,
    RoutingRuleForm,
    SlaPolicyForm,
    StatusForm,
    TeamForm,
)
from .inbound import mailbox_connection_test
from .mailbox_secret import MailboxPasswordUnreadable
from .models import ReplyTemplate, RoutingRule, SlaPolicy, Team
from .sla import calendar_for

CASE_PAGE_SIZE = 50
MAILBOX_TEST_RATE = "5/m"


def _members(request):
    """People a case may be assigned to: a partner user picks only among its own company's people."""
    users = User.objects.filter(memberships__organization=request.organization)
    if request.membership.is_partner:
        users = users.filter(memberships__partner_id=request.membership.partner_id)
    return users.order_by("full_name", "email")


def _partners(request):
    partners = Partner.objects.filter(organization=request.organization)
    if request.membership.is_partner:
        partners = partners.filter(pk=request.membership.partner_id)
    return partners


@requires(VIEW_CASES)
def case_list(request, org_slug):
    organization, membership = request.organization, request.membership
    filters = CaseFilterForm(
        request.GET or None, members=_members(request), teams=selectors.team_list(organization=organization),
        partners=_partners(request),
    )  # fmt: skip
    values = filters.cleaned_data if filters.is_valid() else {}
    cases = selectors.case_list(
        organization=organization,
        membership=membership,
        status=values.get("status", ""),
        kind=values.get("kind", ""),
        assignee=values.get("assignee"),
        team=values.get("team"),
        partner=values.get("partner"),
        overdue=values.get("overdue", False),
        query=values.get("q", ""),
    )
    page = Paginator(cases, CASE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/case_list.html", {"filters": filters, "page": page, "now": timezone.now()})


@requires(HANDLE_CASES)
def case_create(request, org_slug):
    organization, membership = request.organization, request.membership
    form = CaseForm(
        request.POST if request.method == "POST" else None,
        initial={"customer": request.GET.get("customer")},
        customers=visible_customers(organization=organization, membership=membership),
        touchpoints=touchpoint_list(organization=organization, membership=membership).filter(is_active=True),
        members=_members(request),
        teams=selectors.team_list(organization=organization),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            case = services.case_create(
                organization=organization,
                actor=request.user,
                partner=membership.partner if membership.is_partner else None,
                **data,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Case #%(number)s opened.") % {"number": case.number})
            return redirect("case_detail", org_slug=org_slug, pk=case.pk)
    return render(request, "cases/case_form.html", {"form": form})


def _detail_context(request, case, **forms):
    organization = request.organization
    template_pk = request.GET.get("template", "")
    initial_reply = ""
    if template_pk.isdigit():
        template = selectors.reply_template_list(organization=organization).filter(pk=template_pk).first()
        if template is not None:
            initial_reply = services.reply_template_render(template=template, case=case)
    can_handle = request.membership.can(HANDLE_CASES)
    context = {
        "case": case,
        "events": selectors.case_event_list(case=case),
        "attachments": case.attachments.all(),
        "promises": case.promises.all(),
        "breaches": case.breaches.all(),
        "merged_cases": case.merged_cases.all(),
        "templates": selectors.reply_template_list(organization=organization) if can_handle else [],
        "can_handle": can_handle,
        "now": timezone.now(),
        "max_attachment_mb": settings.CASE_ATTACHMENT_MAX_BYTES // (1024 * 1024),
    }
    if can_handle:
        context.update(
            reply_form=ReplyForm(initial={"body": initial_reply, "via": "email" if case.reply_address else "phone"},
                                 auto_id="reply_%s"),
            note_form=NoteForm(auto_id="note_%s"),
            status_form=StatusForm(initial={"status": case.status}, auto_id="status_%s"),
            assign_form=AssignForm(
                initial={"assignee": case.assignee_id, "team": case.team_id, "partner": case.partner_id},
                members=_members(request), teams=selectors.team_list(organization=organization),
                partners=_partners(request), auto_id="assign_%s",
            ),
            priority_form=PriorityForm(initial={"priority": case.priority}, auto_id="priority_%s"),
            merge_form=MergeForm(auto_id="merge_%s"),
            attachment_form=AttachmentForm(auto_id="attachment_%s"),
            promise_form=PromiseForm(auto_id="promise_%s"),
        )  # fmt: skip
    context.update(forms)
    return context


@requires(VIEW_CASES)
def case_detail(request, org_slug, pk):
    case = selectors.case_get(organization=request.organization, membership=request.membership, pk=pk)
    return render(request, "cases/case_detail.html", _detail_context(request, case))


def _act(request, org_slug, pk, form_class, action, message, form_name, **form_kwargs):
    """Shared POST handling of the case page's forms: on an error the page comes back with the form as typed."""
    case = selectors.case_get(organization=request.organization, membership=request.membership, pk=pk)
    form = (
        form_class(request.POST, request.FILES, **form_kwargs)
        if form_class is AttachmentForm
        else form_class(request.POST, **form_kwargs)
    )
    if form.is_valid():
        try:
            action(case, form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, message)
            return redirect("case_detail", org_slug=org_slug, pk=case.pk)
    return render(
        request, "cases/case_detail.html", _detail_context(request, case, **{form_name: form}), status=400
    )


@require_POST
@requires(HANDLE_CASES)
def case_reply(request, org_slug, pk):
    def action(case, data):
        services.case_reply(case=case, actor=request.user, body=data["body"], via=data["via"])

    return _act(request, org_slug, pk, ReplyForm, action, _("Reply saved."), "reply_form")


@require_POST
@requires(HANDLE_CASES)
def case_note(request, org_slug, pk):
    def action(case, data):
        services.case_note_add(case=case, actor=request.user, body=data["body"])

    return _act(request, org_slug, pk, NoteForm, action, _("Note saved."), "note_form")


@require_POST
@requires(HANDLE_CASES)
def case_status(request, org_slug, pk):
    def action(case, data):
        services.case_status_set(
            case=case, actor=request.user, status=data["status"], resolution=data["resolution"]
        )

    return _act(request, org_slug, pk, StatusForm, action, _("Status changed."), "status_form")


@require_POST
@requires(HANDLE_CASES)
def case_assign(request, org_slug, pk):
    def action(case, data):
        try:
            services.case_assign(case=case, actor=request.user, membership=request.membership, **data)
        except PermissionDenied:
            raise ValidationError(_("You may change only the person handling the case."))

    return _act(
        request, org_slug, pk, AssignForm, action, _("Case assigned."), "assign_form",
        members=_members(request), teams=selectors.team_list(organization=request.organization),
        partners=_partners(request),
    )  # fmt: skip


@require_POST
@requires(HANDLE_CASES)
def case_priority(request, org_slug, pk):
    def action(case, data):
        services.case_priority_set(case=case, actor=request.user, priority=data["priority"])

    return _act(request, org_slug, pk, PriorityForm, action, _("Priority changed."), "priority_form")


@require_POST
@requires(HANDLE_CASES)
def case_merge(request, org_slug, pk):
    def action(case, data):
        into = (
            selectors.case_list(organization=request.organization, membership=request.membership)
            .filter(number=data["into"])
            .first()
        )
        if into is None:
            raise ValidationError({"into": _("There is no case with that number.")})
        services.case_merge(case=case, into=into, actor=request.user)

    return _act(request, org_slug, pk, MergeForm, action, _("Case merged."), "merge_form")


@require_POST
@requires(HANDLE_CASES)
def case_attachment_add(request, org_slug, pk):
    def action(case, data):
        services.case_attachment_add(case=case, actor=request.user, uploaded_file=data["file"])

    return _act(request, org_slug, pk, AttachmentForm, action, _("File added."), "attachment_form")


@requires(VIEW_CASES)
def case_attachment(request, org_slug, pk, attachment_pk):
    attachment = selectors.case_attachment_get(
        organization=request.organization, membership=request.membership, case_pk=pk, pk=attachment_pk
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404
    # Always a download, never shown inline: an uploaded HTML file must not run in our origin.
    return FileResponse(
        handle, as_attachment=True, filename=attachment.name, content_type="application/octet-stream"
    )


@require_POST
@requires(HANDLE_CASES)
def case_promise(request, org_slug, pk):
    def action(case, data):
        services.case_promise_make(case=case, actor=request.user, text=data["text"], due_at=data["due_at"])

    return _act(request, org_slug, pk, PromiseForm, action, _("Promise recorded."), "promise_form")


@require_POST
@requires(HANDLE_CASES)
def case_promise_keep(request, org_slug, pk, promise_pk):
    promise = selectors.case_promise_get(
        organization=request.organization, membership=request.membership, case_pk=pk, pk=promise_pk
    )
    services.case_promise_keep(promise=promise, actor=request.user)
    messages.success(request, _("Promise marked as kept."))
    return redirect("case_detail", org_slug=org_slug, pk=pk)


def _settings_page(request, *, form=None, mailbox_form=None, status=200):
    """The case settings page; each of its forms posts to its own view, which renders the page again
    with that form's errors and what was typed."""
    organization = request.organization
    mailbox = selectors.inbound_mailbox_get(organization=organization)
    if form is None:
        current = services.case_settings_get(organization=organization)
        form = CaseSettingsForm(initial=CaseSettingsForm.initial_from(current, calendar_for(organization=organization)))
    if mailbox_form is None:
        mailbox_form = InboundMailboxForm(
            initial=InboundMailboxForm.initial_from(mailbox), has_password=bool(mailbox and mailbox.password_encrypted)
        )
    days = [
        (label, form[f"opens_{day}"], form[f"closes_{day}"])
        for day, label in enumerate(CaseSettingsForm.WEEKDAYS)
    ]
    context = {
        "form": form,
        "days": days,
        "mailbox": mailbox,
        "mailbox_form": mailbox_form,
        "teams": selectors.team_list(organization=organization).prefetch_related("members"),
        "templates": ReplyTemplate.objects.filter(organization=organization),
        "policies": organization.sla_policies.all(),
        "rules": organization.routing_rules.select_related(
            "assign_team", "assign_user", "touchpoint", "partner"
        ),
    }
    return render(request, "cases/case_settings.html", context, status=status)


@requires(CONFIGURE_CASES)
def case_settings(request, org_slug):
    organization = request.organization
    if request.method != "POST":
        return _settings_page(request)
    form = CaseSettingsForm(request.POST)
    if form.is_valid():
        data = {
            key: value
            for key, value in form.cleaned_data.items()
            if not key.startswith(("opens_", "closes_"))
        }
        try:
            services.case_settings_update(
                organization=organization, opening_hours=form.opening_hours(), **data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Case settings saved."))
            return redirect("case_settings", org_slug=org_slug)
    return _settings_page(request, form=form)


def _mailbox_test_message(form, mailbox) -> tuple[bool, str]:
    """Try the typed settings (the stored password when none was typed); (worked, what happened in words)."""
    data = form.cleaned_data
    password = data["password"]
    if not password:
        # The stored password goes only to the server and user it was saved for, never to one just typed.
        if mailbox is None or (mailbox.host, mailbox.username) != (data["host"], data["username"]):
            return False, _("Enter the password again when the server or user name changes.")
        try:
            password = mailbox.password
        except MailboxPasswordUnreadable:
            return False, _("The stored password cannot be read any more (the server's secret key has changed). Enter it again.")
    failure = mailbox_connection_test(
        host=data["host"], port=data["port"], use_ssl=data["use_ssl"], username=data["username"],
        password=password, folder=data["folder"],
    )  # fmt: skip
    if failure is None:
        return True, _("The connection works: logged in to %(host)s and opened the folder %(folder)s.") % {
            "host": data["host"],
            "folder": data["folder"],
        }
    stage, reason = failure
    words = {
        "connect": _("Could not connect to %(host)s, port %(port)s. The answer was: %(reason)s"),
        "login": _("The server refused the user name or password. The server said: %(reason)s"),
        "folder": _("Logged in, but the folder %(folder)s could not be opened. The server said: %(reason)s"),
    }[stage]
    return False, words % {"host": data["host"], "port": data["port"], "folder": data["folder"], "reason": reason}


@require_POST
@requires(CONFIGURE_CASES)
def case_mailbox(request, org_slug):
    """Save the inbound mailbox, or (button "test") try logging in with what was typed without saving."""
    organization = request.organization
    mailbox = selectors.inbound_mailbox_get(organization=organization)
    form = InboundMailboxForm(request.POST, has_password=bool(mailbox and mailbox.password_encrypted))
    testing = request.POST.get("action") == "test"
    if testing:
        # The test makes an outgoing connection to wherever was typed: a few per minute per person.
        limited = is_ratelimited(
            request, group="cases.mailbox_test", key="user", rate=MAILBOX_TEST_RATE, method="POST", increment=True
        )
        if limited:
            form.is_valid()
            messages.error(request, _("Too many connection tests. Wait a minute and try again."))
            return _settings_page(request, mailbox_form=form, status=429)
    if not form.is_valid():
        return _settings_page(request, mailbox_form=form)
    if testing:
        worked, message = _mailbox_test_message(form, mailbox)
        (messages.success if worked else messages.error)(request, message)
        return _settings_page(request, mailbox_form=form)
    try:
        services.inbound_mailbox_save(organization=organization, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        form_add_service_errors(form, error)
        return _settings_page(request, mailbox_form=form)
    messages.success(request, _("Mailbox settings saved."))
    return redirect("case_settings", org_slug=org_slug)


FIGURE_PERIODS = (30, 90, 365, 730)


def _days_choice(request, allowed, default):
    value = request.GET.get("days", "")
    return int(value) if value.isdigit() and int(value) in allowed else default


@requires(VIEW_CASES)
def case_figures(request, org_slug):
    """Operations figures (R4.4): response and resolution times, SLA hit rate and backlog, cut by
    team, partner, channel and month. A partner sees only its own cases' figures."""
    days = _days_choice(request, FIGURE_PERIODS, 90)
    end = timezone.now()
    result = figures.operations_figures(
        organization=request.organization, membership=request.membership,
        start=end - datetime.timedelta(days=days), end=end,
    )  # fmt: skip
    return render(
        request, "cases/case_figures.html", {"figures": result, "days": days, "periods": FIGURE_PERIODS}
    )


@requires(VIEW_CASE_REPORTS)
def case_recovery(request, org_slug):
    """The recovery report (R5.2): does fixing a complaint well keep the customer?"""
    window = _days_choice(request, figures.RECOVERY_WINDOWS, None)
    report = figures.recovery_report(
        organization=request.organization, membership=request.membership, window_days=window
    )
    return render(
        request, "cases/case_recovery.html", {"report": report, "windows": figures.RECOVERY_WINDOWS}
    )


def _setting_form(request, what):
    """The form and the service for one kind of the organisation's case rules."""
    organization = request.organization
    members = User.objects.filter(memberships__organization=organization).order_by("full_name", "email")
    data = request.POST if request.method == "POST" else None
    if what == "team":
        form = TeamForm(data, members=members)
        return form, lambda: services.team_create(organization=organization, **form.cleaned_data)
    if what == "template":
        form = ReplyTemplateForm(data)
        return form, lambda: services.reply_template_create(
            organization=organization, **form.service_fields()
        )
    if what == "policy":
        form = SlaPolicyForm(data)
        return form, lambda: services.sla_policy_create(organization=organization, **form.service_fields())
    form = RoutingRuleForm(data, organization=organization, members=members)
    return form, lambda: services.routing_rule_create(organization=organization, **form.service_fields())


SETTING_TITLES = {
    "team": gettext_lazy("New team"),
    "template": gettext_lazy("New reply template"),
    "policy": gettext_lazy("New SLA policy"),
    "rule": gettext_lazy("New routing rule"),
}


def _setting_add(request, org_slug, what):
    form, create = _setting_form(request, what)
    if request.method == "POST" and form.is_valid():
        try:
            create()
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("case_settings", org_slug=org_slug)
    return render(request, "cases/setting_form.html", {"form": form, "title": SETTING_TITLES[what]})


@requires(CONFIGURE_CASES)
def case_team_add(request, org_slug):
    return _setting_add(request, org_slug, "team")


@requires(CONFIGURE_CASES)
def case_template_add(request, org_slug):
    return _setting_add(request, org_slug, "template")


@requires(CONFIGURE_CASES)
def case_policy_add(request, org_slug):
    return _setting_add(request, org_slug, "policy")


@requires(CONFIGURE_CASES)
def case_rule_add(request, org_slug):
    return _setting_add(request, org_slug, "rule")


SETTING_MODELS = {"team": Team, "template": ReplyTemplate, "policy": SlaPolicy, "rule": RoutingRule}


@require_POST
@requires(CONFIGURE_CASES)
def case_setting_delete(request, org_slug, what, pk):
    """Remove a team, template, policy or rule. Cases keep the policy snapshot they were opened with."""
    model = SETTING_MODELS.get(what)
    if model is None:
        raise Http404
    model.objects.filter(organization=request.organization, pk=pk).delete()
    messages.success(request, _("Removed."))
    return redirect("case_settings", org_slug=org_slug)
