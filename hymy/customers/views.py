from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hymy.core.forms import form_add_service_errors
from hymy.core.timeline import TimelineCursor, customer_timeline, timeline_cursor
from hymy.journeys.selectors import touchpoint_list
from hymy.surveys.choices import SurveyStatus
from hymy.surveys.selectors import survey_list
from hymy.tenancy.decorators import requires
from hymy.tenancy.permissions import CHANGE_CUSTOMERS, RECORD_ENCOUNTERS, VIEW_CUSTOMERS

from . import selectors, services
from .exports import change_history_export, customer_list_export
from .forms import CustomerFilterForm, CustomerForm, EncounterForm, NoteForm, PurchaseForm

TIMELINE_PAGE = 30


@requires(VIEW_CUSTOMERS)
def customer_list(request, org_slug):
    organization, membership = request.organization, request.membership
    filters = CustomerFilterForm(request.GET or None, tags=selectors.tag_list(organization=organization))
    values = filters.cleaned_data if filters.is_valid() else {}
    customers = selectors.customer_list(
        organization=organization,
        membership=membership,
        query=values.get("q", ""),
        kind=values.get("kind", ""),
        status=values.get("status", ""),
        language=values.get("language", ""),
        tag=values.get("tag", ""),
        ordering=request.GET.get("order", "name"),
    )
    if request.GET.get("export"):  # ?export=csv|xlsx: the same filtered customers, all pages
        return customer_list_export(
            file_format=request.GET["export"], organization=organization, customers=customers
        )
    page = Paginator(customers, settings.CUSTOMER_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "customers/customer_list.html", {"filters": filters, "page": page})


def _customer_form(request, organization, **kwargs):
    return CustomerForm(
        request.POST if request.method == "POST" else None,
        companies=selectors.company_list(organization=organization),
        **kwargs,
    )


@requires(CHANGE_CUSTOMERS)
def customer_create(request, org_slug):
    organization = request.organization
    form = _customer_form(request, organization)
    if request.method == "POST" and form.is_valid():
        try:
            customer = services.customer_create(
                organization=organization, actor=request.user, membership=request.membership, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Customer %(name)s saved.") % {"name": customer.name})
            return redirect("customer_detail", org_slug=org_slug, pk=customer.pk)
    return render(request, "customers/customer_form.html", {"form": form, "customer": None})


def erased_refusal(request, customer):
    """An erased customer's edit or merge page, or a form posted to it: say why not, back to its page."""
    messages.error(
        request,
        _("This customer's personal data was erased: nothing about the person can be added or changed."),
    )
    return redirect("customer_detail", org_slug=request.organization.slug, pk=customer.pk)


@requires(CHANGE_CUSTOMERS)
def customer_edit(request, org_slug, pk):
    organization = request.organization
    customer = selectors.customer_get(organization=organization, membership=request.membership, pk=pk)
    if customer.is_erased:
        return erased_refusal(request, customer)
    form = _customer_form(request, organization, initial=CustomerForm.initial_from(customer))
    form.fields["company"].queryset = form.fields["company"].queryset.exclude(pk=customer.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.customer_update(
                customer=customer, actor=request.user, membership=request.membership, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Customer %(name)s saved.") % {"name": form.cleaned_data["name"]})
            return redirect("customer_detail", org_slug=org_slug, pk=customer.pk)
    return render(request, "customers/customer_form.html", {"form": form, "customer": customer})


@requires(VIEW_CUSTOMERS)
def customer_detail(request, org_slug, pk):
    organization, membership = request.organization, request.membership
    customer = selectors.customer_get(organization=organization, membership=membership, pk=pk)
    if request.GET.get("export"):  # ?export=csv|xlsx: the change history, every change, as a file
        if membership.is_partner:
            raise PermissionDenied  # a partner sees no change history on the page either
        return change_history_export(
            file_format=request.GET["export"],
            organization=organization,
            customer=customer,
            changes=selectors.customer_change_list(customer=customer, membership=membership),
        )
    before = TimelineCursor.parse(request.GET.get("before", ""))
    entries = customer_timeline(
        organization=organization, customer=customer, membership=membership, before=before, limit=TIMELINE_PAGE
    )
    touchpoints = touchpoint_list(organization=organization, membership=membership).filter(is_active=True)
    # Through the selector, so that a partner sees only the people it has served.
    people = selectors.customer_list(organization=organization, membership=membership).filter(company=customer)
    context = {
        "customer": customer,
        "entries": entries,
        "older_than": str(timeline_cursor(entries[-1])) if len(entries) == TIMELINE_PAGE else None,
        "changes": selectors.customer_change_list(customer=customer, membership=membership)[:20],
        "merges": selectors.customer_merge_list(organization=organization, customer=customer)
        if membership.can(CHANGE_CUSTOMERS)
        else [],
        # A partner sees the company only if it has served the company too.
        "visible_company": selectors.customer_list(organization=organization, membership=membership)
        .filter(pk=customer.company_id)
        .first()
        if customer.company_id
        else None,
        "people": people[:50] if customer.is_company else [],
        # Three forms on one page: each gets its own element ids, so that every label names its own field.
        "encounter_form": EncounterForm(touchpoints=touchpoints, auto_id="encounter_%s")
        if membership.can(RECORD_ENCOUNTERS)
        else None,
        "purchase_form": PurchaseForm(touchpoints=touchpoints, auto_id="purchase_%s")
        if membership.can(CHANGE_CUSTOMERS)
        else None,
        # An erased customer takes no note and no survey: both would write about the person again.
        "note_form": NoteForm(auto_id="note_%s")
        if membership.can(CHANGE_CUSTOMERS) and not customer.is_erased
        else None,
        "open_surveys": survey_list(organization=organization).filter(status=SurveyStatus.ACTIVE)
        if membership.can(CHANGE_CUSTOMERS) and not customer.is_erased
        else [],
    }
    return render(request, "customers/customer_detail.html", context)


def _record(request, org_slug, pk, form_class, create, message, **form_kwargs):
    """Shared POST handling for the encounter, purchase and note forms of the customer page."""
    organization, membership = request.organization, request.membership
    customer = selectors.customer_get(organization=organization, membership=membership, pk=pk)
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            create(
                organization=organization,
                actor=request.user,
                membership=membership,
                customer=customer,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, message)
            return redirect("customer_detail", org_slug=org_slug, pk=customer.pk)
    return render(request, "customers/record_form.html", {"customer": customer, "form": form}, status=400)


@require_POST
@requires(RECORD_ENCOUNTERS)
def encounter_create(request, org_slug, pk):
    touchpoints = touchpoint_list(organization=request.organization, membership=request.membership)

    def create(**data):
        return services.encounter_create(staff=request.user, **data)

    return _record(
        request, org_slug, pk, EncounterForm, create, _("Encounter recorded."), touchpoints=touchpoints
    )


@require_POST
@requires(CHANGE_CUSTOMERS)
def purchase_create(request, org_slug, pk):
    touchpoints = touchpoint_list(organization=request.organization, membership=request.membership)
    return _record(
        request, org_slug, pk, PurchaseForm, services.purchase_create, _("Purchase recorded."), touchpoints=touchpoints
    )


@require_POST
@requires(CHANGE_CUSTOMERS)
def note_create(request, org_slug, pk):
    return _record(request, org_slug, pk, NoteForm, services.note_create, _("Note saved."))
