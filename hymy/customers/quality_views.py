"""Pages for keeping the register true: likely duplicates, merging and undoing, the data-quality lists."""

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hymy.core.forms import form_add_service_errors
from hymy.tenancy.decorators import requires
from hymy.tenancy.permissions import CHANGE_CUSTOMERS

from . import merging, selectors, services
from .choices import ConsentSource, CustomerStatus
from .exports import customer_list_export, duplicate_list_export
from .forms import BulkActionForm
from .views import erased_refusal

QUALITY_PAGE = 100
DUPLICATE_COUNT_SECONDS = 300
DUPLICATES_SHOWN = 200
MERGE_SEARCH_SHOWN = 20


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@requires(CHANGE_CUSTOMERS)
def duplicate_list(request, org_slug):
    if request.GET.get("export"):  # ?export=csv|xlsx: every pair, not only those shown
        pairs = selectors.duplicate_list(organization=request.organization, membership=request.membership)
        return duplicate_list_export(
            file_format=request.GET["export"], organization=request.organization, pairs=pairs
        )
    pairs = selectors.duplicate_list(
        organization=request.organization, membership=request.membership, limit=DUPLICATES_SHOWN
    )
    return render(request, "customers/duplicate_list.html", {"pairs": pairs, "shown": DUPLICATES_SHOWN})


def _other_customer(request, pk: int, other_pk):
    other_pk = _int(other_pk)
    if other_pk is None or other_pk == pk:
        return None
    try:
        return selectors.customer_get(
            organization=request.organization, membership=request.membership, pk=other_pk
        )
    except Http404:
        return None


def _comparison(kept, absorbed, chosen):
    rows = []
    for name in merging.MERGE_FIELDS:
        rows.append(
            {
                "name": name,
                "label": merging.MERGE_FIELD_LABELS[name],
                "kept": _shown(kept, name),
                "absorbed": _shown(absorbed, name),
                "same": _shown(kept, name) == _shown(absorbed, name),
                "choice": chosen.get(name, merging.KEPT),
            }
        )
    return rows


def _shown(customer, name):
    from hymy.core.phones import phone_display

    value = getattr(customer, name)
    if name == "phone":
        return phone_display(value)
    if name in ("language", "status"):
        return getattr(customer, f"get_{name}_display")()
    if name in ("survey_consent", "marketing_consent"):
        if not value:
            return _("No")
        source = getattr(customer, f"get_{name}_source_display")()
        return " · ".join(part for part in (_("Yes"), source) if part)
    if name == "attributes":
        return ", ".join(f"{key}: {item}" for key, item in (value or {}).items())
    if name == "verified_at":
        from django.utils.formats import date_format

        return date_format(value, "SHORT_DATE_FORMAT") if value else ""
    return "" if value is None else str(value)


@requires(CHANGE_CUSTOMERS)
def customer_merge(request, org_slug, pk):
    """GET ?with=<id>: the two side by side with a choice per field; POST: merge `with` into this one."""
    organization, membership = request.organization, request.membership
    kept = selectors.customer_get(organization=organization, membership=membership, pk=pk)
    if kept.is_erased:
        return erased_refusal(request, kept)
    data = request.POST if request.method == "POST" else request.GET
    absorbed = _other_customer(request, kept.pk, data.get("with"))
    if absorbed is None:
        if request.method == "POST":
            messages.error(request, _("Choose the customer to merge with."))
            return redirect("customer_merge", org_slug=org_slug, pk=kept.pk)
        pairs = [
            pair for pair in selectors.duplicate_list(organization=organization, membership=membership)
            if kept.pk in (pair.first.pk, pair.second.pk)
        ]  # fmt: skip
        # Nobody knows a customer's number: find the other one by name, e-mail or phone instead.
        query = request.GET.get("q", "").strip()
        found = (
            selectors.customer_list(organization=organization, membership=membership, query=query)
            .exclude(pk=kept.pk)
            .filter(erased_at__isnull=True)[:MERGE_SEARCH_SHOWN]
            if query
            else None
        )
        return render(
            request,
            "customers/merge_candidates.html",
            {"customer": kept, "pairs": pairs, "query": query, "found": found},
        )
    chosen = merging.default_choices(kept, absorbed)
    errors = []
    if request.method == "POST":
        chosen.update(
            {name: data[f"field_{name}"] for name in merging.MERGE_FIELDS if f"field_{name}" in data}
        )
        try:
            merge = merging.customer_merge(
                organization=organization, actor=request.user, membership=membership,
                kept=kept, absorbed=absorbed, choices=chosen,
            )  # fmt: skip
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                ngettext(
                    "%(absorbed)s was merged into %(kept)s; %(count)s row moved. You can undo it below.",
                    "%(absorbed)s was merged into %(kept)s; %(count)s rows moved. You can undo it below.",
                    merge.moved_count,
                )
                % {"absorbed": merge.absorbed_name, "kept": merge.kept.name, "count": merge.moved_count},
            )
            return redirect("customer_detail", org_slug=org_slug, pk=kept.pk)
    context = {
        "kept": kept,
        "absorbed": absorbed,
        "rows": _comparison(kept, absorbed, chosen),
        "errors": errors,
        "kept_counts": _counts(kept),
        "absorbed_counts": _counts(absorbed),
    }
    return render(request, "customers/merge.html", context, status=400 if errors else 200)


def _counts(customer):
    return {
        "encounters": customer.encounters.count(),
        "purchases": customer.purchases.count(),
        "responses": customer.responses.count(),
    }


@require_POST
@requires(CHANGE_CUSTOMERS)
def customer_not_duplicate(request, org_slug, pk):
    organization, membership = request.organization, request.membership
    customer = selectors.customer_get(organization=organization, membership=membership, pk=pk)
    other = _other_customer(request, customer.pk, request.POST.get("other"))
    if other is None:
        messages.error(request, _("Choose the customer to merge with."))
    else:
        merging.duplicate_dismiss(
            organization=organization, actor=request.user, membership=membership, first=customer, second=other
        )
        messages.success(
            request, _("%(first)s and %(second)s will not be suggested as duplicates again.")
            % {"first": customer.name, "second": other.name},
        )  # fmt: skip
    if request.POST.get("next") == "customer":
        return redirect("customer_detail", org_slug=org_slug, pk=customer.pk)
    return redirect("duplicate_list", org_slug=org_slug)


@require_POST
@requires(CHANGE_CUSTOMERS)
def customer_unmerge(request, org_slug, pk):
    organization, membership = request.organization, request.membership
    customer = selectors.customer_get(organization=organization, membership=membership, pk=pk)
    merge = selectors.customer_merge_get(
        organization=organization, customer=customer, pk=_int(request.POST.get("merge"), 0)
    )
    try:
        absorbed = merging.customer_unmerge(
            organization=organization, actor=request.user, membership=membership, merge=merge
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The merge was undone: %(name)s is a customer of their own again.") % {"name": absorbed.name},
        )
    return redirect("customer_detail", org_slug=org_slug, pk=customer.pk)


@requires(CHANGE_CUSTOMERS)
def customer_quality(request, org_slug):
    """The data-quality lists: counts of each problem, and the chosen list with bulk actions."""
    organization, membership = request.organization, request.membership
    months = min(max(_int(request.GET.get("months"), 12), 1), 120)
    problem = request.GET.get("list", "")
    if problem not in selectors.QUALITY_LISTS:
        problem = ""
    customers = (
        selectors.quality_list(
            organization=organization, membership=membership, problem=problem, months=months
        )
        if problem
        else None
    )
    if customers is not None and request.GET.get("export"):
        return customer_list_export(
            file_format=request.GET["export"], organization=organization, customers=customers
        )
    form = None
    if request.method == "POST":
        problem = request.POST.get("list", problem)
        scope = selectors.customer_list(organization=organization, membership=membership)
        form = BulkActionForm(request.POST, customer_ids=list(scope.values_list("pk", flat=True)))
        if form.is_valid():
            values = form.cleaned_data
            try:
                changed = services.customers_bulk_update(
                    organization=organization, actor=request.user, membership=membership,
                    customers=list(scope.filter(pk__in=values["customer"])), action=values["action"],
                    tag=values["tag"], status=values["status"], consent_source=values["consent_source"],
                )  # fmt: skip
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                if values["action"] == services.BULK_ASK_UPDATE:
                    message = _(
                        "A link was sent to %(count)s customers; those without an e-mail address were skipped."
                    )
                else:
                    message = _("%(count)s customers changed.")
                messages.success(request, message % {"count": changed})
                query = f"?list={problem}&months={months}" if problem in selectors.QUALITY_LISTS else ""
                return redirect(request.path + query)
        if problem in selectors.QUALITY_LISTS:
            customers = selectors.quality_list(
                organization=organization, membership=membership, problem=problem, months=months
            )
    context = {
        "counts": selectors.quality_counts(organization=organization, membership=membership, months=months),
        # Matching a large register takes seconds (bench/duplicates_find.py): the count is kept a while.
        "duplicate_count": cache.get_or_set(
            f"hymy:duplicate-count:{organization.pk}:{membership.pk}",
            lambda: len(selectors.duplicate_list(organization=organization, membership=membership)),
            DUPLICATE_COUNT_SECONDS,
        ),
        "months": months,
        "problem": problem,
        "page": Paginator(customers, QUALITY_PAGE).get_page(request.GET.get("page"))
        if customers is not None
        else None,
        "form": form or BulkActionForm(customer_ids=[]),
        "statuses": CustomerStatus.choices,
        "consent_sources": ConsentSource.choices,
        "ticked": request.POST.getlist("customer") if request.method == "POST" else [],
    }
    return render(request, "customers/quality.html", context, status=400 if form is not None else 200)
