from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hymy.cases import selectors as case_selectors
from hymy.core.forms import form_add_service_errors
from hymy.tenancy.decorators import requires
from hymy.tenancy.permissions import CHANGE_IMPROVEMENT, VIEW_CASES, VIEW_IMPROVEMENT

from . import digest, selectors, services
from .choices import LearningKind
from .effect import action_effect
from .forms import ActionFilterForm, ActionForm, LearningEntryForm, LearningFilterForm


@requires(VIEW_IMPROVEMENT)
def action_list(request, org_slug):
    """Improvement actions: who does what by when, filtered by status, owner and overdue."""
    organization = request.organization
    filters = ActionFilterForm(request.GET or None, organization=organization)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    actions = selectors.action_list(
        organization=organization,
        status=cleaned.get("status", ""),
        owner_id=cleaned["owner"].pk if cleaned.get("owner") else None,
        is_overdue=bool(cleaned.get("overdue")),
    )
    page = Paginator(actions, 30).get_page(request.GET.get("page"))
    context = {"filters": filters, "page": page, "today": timezone.localdate()}
    return render(request, "improvement/action_list.html", context)


@requires(CHANGE_IMPROVEMENT)
def action_create(request, org_slug):
    organization, membership = request.organization, request.membership
    initial = {"owner": request.user, "started_on": timezone.localdate()}
    if request.GET.get("from_entry", "").isdigit():  # "make an action of this failure"
        entry = selectors.learning_entry_get(organization=organization, pk=int(request.GET["from_entry"]))
        initial.update(
            title=entry.headline[:200], touchpoint=entry.touchpoint_id, description=entry.prevention
        )
    elif request.GET.get("from_case", "").isdigit():  # "create an improvement action" on a case
        case = _case_for(request, int(request.GET["from_case"]))
        initial.update(title=case.title[:200], touchpoint=case.touchpoint_id)
    form = ActionForm(request.POST or None, organization=organization, membership=membership, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(
                organization=organization, actor=request.user, membership=membership,
                **{name: value for name, value in form.cleaned_data.items() if value not in (None, "")},
            )  # fmt: skip
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Action saved."))
            return redirect("action_detail", org_slug=org_slug, pk=action.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "improvement/action_form.html", {"form": form}, status=status)


@requires(VIEW_IMPROVEMENT)
def action_detail(request, org_slug, pk):
    """One action and the answer to "did it help?": its metric before and after, with significance."""
    action = selectors.action_get(organization=request.organization, pk=pk)
    effect = action_effect(action=action, membership=request.membership)
    context = {"action": action, "effect": effect, "today": timezone.localdate()}
    return render(request, "improvement/action_detail.html", context)


@requires(CHANGE_IMPROVEMENT)
def action_edit(request, org_slug, pk):
    organization, membership = request.organization, request.membership
    action = selectors.action_get(organization=organization, pk=pk)
    started_on = action.started_on  # the form writes into the instance; a blank start day keeps this one
    form = ActionForm(request.POST or None, organization=organization, membership=membership, instance=action)
    if request.method == "POST" and form.is_valid():
        changes = {**form.cleaned_data, "started_on": form.cleaned_data.get("started_on") or started_on}
        try:
            services.action_update(action=action, actor=request.user, membership=membership, **changes)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Action saved."))
            return redirect("action_detail", org_slug=org_slug, pk=action.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "improvement/action_form.html", {"form": form, "action": action}, status=status)


@requires(VIEW_IMPROVEMENT)
def learning_list(request, org_slug):
    """The learning log: successes first, then failures with their prevention solution and owner."""
    organization, membership = request.organization, request.membership
    filters = LearningFilterForm(request.GET or None, organization=organization, membership=membership)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    entries = selectors.learning_entry_list(
        organization=organization,
        kind=cleaned.get("kind", ""),
        touchpoint_id=cleaned["touchpoint"].pk if cleaned.get("touchpoint") else None,
        date_from=cleaned.get("date_from"),
        date_to=cleaned.get("date_to"),
    )
    page = Paginator(entries, 40).get_page(request.GET.get("page"))
    case_ids = selectors.visible_case_ids(
        organization=organization, membership=membership, case_ids=[entry.source_case_id for entry in page]
    )
    context = {"filters": filters, "page": page, "visible_case_ids": case_ids}
    return render(request, "improvement/learning_list.html", context)


@requires(CHANGE_IMPROVEMENT)
def learning_create(request, org_slug):
    organization, membership = request.organization, request.membership
    initial = {"kind": request.GET.get("kind", LearningKind.SUCCESS), "happened_on": timezone.localdate()}
    form = LearningEntryForm(
        request.POST or None, organization=organization, membership=membership, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.learning_entry_create(
                organization=organization, actor=request.user, membership=membership,
                **{name: value for name, value in form.cleaned_data.items() if value is not None},
            )  # fmt: skip
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Shared in the learning log."))
            return redirect("learning_list", org_slug=org_slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "improvement/learning_form.html", {"form": form}, status=status)


@requires(CHANGE_IMPROVEMENT)
def learning_edit(request, org_slug, pk):
    organization, membership = request.organization, request.membership
    entry = selectors.learning_entry_get(organization=organization, pk=pk)
    happened_on = entry.happened_on  # the form writes into the instance; a blank day keeps this one
    form = LearningEntryForm(
        request.POST or None, organization=organization, membership=membership, instance=entry
    )
    if request.method == "POST" and form.is_valid():
        changes = {**form.cleaned_data, "happened_on": form.cleaned_data.get("happened_on") or happened_on}
        try:
            services.learning_entry_update(entry=entry, actor=request.user, membership=membership, **changes)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Shared in the learning log."))
            return redirect("learning_list", org_slug=org_slug)
    status = 400 if request.method == "POST" else 200
    case_ids = selectors.visible_case_ids(
        organization=organization, membership=membership, case_ids=[entry.source_case_id]
    )
    context = {"form": form, "entry": entry, "visible_case_ids": case_ids}
    return render(request, "improvement/learning_form.html", context, status=status)


@require_POST
@requires(CHANGE_IMPROVEMENT)
def learning_from_comment(request, org_slug, pk):
    """One click on a customer's comment: a success goes straight into the log; a failure opens its
    entry for the prevention solution and the owner."""
    organization, membership = request.organization, request.membership
    answer = selectors.comment_get(organization=organization, membership=membership, pk=pk)
    kind = request.POST.get("kind", "")
    if kind not in LearningKind.values:
        messages.error(request, _("Choose success or failure."))
        return redirect("learning_list", org_slug=org_slug)
    entry, created = services.learning_entry_from_answer(
        organization=organization, actor=request.user, membership=membership, answer=answer, kind=kind
    )
    return _shared(
        request, entry, created, already=_("This comment is already in the log."),
        back=redirect("learning_list", org_slug=org_slug),
    )  # fmt: skip


def _shared(request, entry, created: bool, *, already: str, back):
    """After a one-click share: a failure opens its entry for the prevention and the owner; a success
    goes back where the click came from."""
    if entry.is_failure:
        if created:
            messages.success(
                request,
                _("Shared as a failure. Agree on how to keep it from happening again, and who sees to it."),
            )
        return redirect("learning_edit", org_slug=request.organization.slug, pk=entry.pk)
    messages.success(request, _("Shared as a success.") if created else already)
    return back


def _case_for(request, pk):
    """A case this member may open (404 otherwise); improvement rights alone do not show cases."""
    if not request.membership.can(VIEW_CASES):
        raise PermissionDenied
    return case_selectors.case_get(organization=request.organization, membership=request.membership, pk=pk)


@require_POST
@requires(CHANGE_IMPROVEMENT)
def learning_from_case(request, org_slug, pk):
    """One click on a case: a success goes into the log and back to the case; a failure opens its entry
    for the prevention solution and the owner."""
    organization, membership = request.organization, request.membership
    case = _case_for(request, pk)
    kind = request.POST.get("kind", "")
    if kind not in LearningKind.values:
        messages.error(request, _("Choose success or failure."))
        return redirect("case_detail", org_slug=org_slug, pk=case.pk)
    entry, created = services.learning_entry_from_case(
        organization=organization, actor=request.user, membership=membership, case=case, kind=kind
    )
    return _shared(
        request, entry, created, already=_("This case is already in the log."),
        back=redirect("case_detail", org_slug=org_slug, pk=case.pk),
    )  # fmt: skip


@requires(VIEW_IMPROVEMENT)
def digest_settings(request, org_slug):
    """Opt in to the weekly digest, and see what last week's would say."""
    membership = request.membership
    if request.method == "POST":
        is_subscribed = services.digest_subscription_set(
            membership=membership, is_subscribed=request.POST.get("subscribe") == "1"
        )
        messages.success(
            request,
            _("You will get the digest every Monday morning.")
            if is_subscribed
            else _("You will not get the digest."),
        )
        return redirect("digest_settings", org_slug=org_slug)
    week = digest.last_full_week(timezone.localdate())
    preview = digest.digest_build(membership=membership, week=week)
    context = {
        "is_subscribed": selectors.is_subscribed(membership=membership),
        "digest": preview,
        "week": week,
    }
    return render(request, "improvement/digest_settings.html", context)
