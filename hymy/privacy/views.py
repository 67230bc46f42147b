import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from hymy.core.forms import form_add_service_errors
from hymy.customers import selectors as customer_selectors
from hymy.tenancy.decorators import requires
from hymy.tenancy.permissions import MANAGE_PRIVACY

from . import selectors, services
from .forms import EraseForm, RetentionForm
from .pdf import customer_data_pdf

LOG_SHOWN = 100


@requires(MANAGE_PRIVACY)
def privacy_home(request, org_slug):
    """Retention settings and the log of data requests, erasures and retention runs."""
    organization = request.organization
    policy = selectors.retention_policy(organization=organization)
    initial = {"responses_years": policy.responses_years, "cases_years": policy.cases_years} if policy else {}
    form = RetentionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.retention_policy_update(
                organization=organization,
                actor=request.user,
                membership=request.membership,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Retention saved. Older rows are anonymised once a day."))
            return redirect("privacy_home", org_slug=org_slug)
    context = {
        "form": form,
        "policy": policy,
        "log": selectors.privacy_request_list(organization=organization)[:LOG_SHOWN],
    }
    return render(request, "privacy/home.html", context, status=400 if form.errors else 200)


@requires(MANAGE_PRIVACY)
def privacy_customer(request, org_slug, pk):
    """The customer's data request: a readable page that prints well, or `?format=json` or `?format=pdf`
    as a file."""
    organization = request.organization
    customer = customer_selectors.customer_get(
        organization=organization, membership=request.membership, pk=pk
    )
    sections = selectors.customer_data(organization=organization, customer=customer)
    file_format = request.GET.get("format") if request.GET.get("format") in ("json", "pdf") else "html"
    services.customer_data_export_log(
        organization=organization, actor=request.user, membership=request.membership, customer=customer,
        file_format=file_format, rows={section.label: len(section.rows) for section in sections},
    )  # fmt: skip
    if file_format == "json":
        document = {
            "organization": organization.name,
            "customer_id": customer.pk,
            "produced_at": timezone.now(),
            "data": {section.label: section.rows for section in sections},
        }
        response = HttpResponse(
            json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = content_disposition_header(
            True, f"customer-{customer.pk}-data-{timezone.localdate():%Y-%m-%d}.json"
        )
        return response
    if file_format == "pdf":
        document = customer_data_pdf(
            organization=organization, customer=customer, sections=sections, produced_at=timezone.now()
        )
        response = HttpResponse(document, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(
            True, f"customer-{customer.pk}-data-{timezone.localdate():%Y-%m-%d}.pdf"
        )
        return response
    return render(
        request,
        "privacy/customer_data.html",
        {"customer": customer, "sections": sections, "now": timezone.now()},
    )


@requires(MANAGE_PRIVACY)
def privacy_customer_erase(request, org_slug, pk):
    organization = request.organization
    customer = customer_selectors.customer_get(
        organization=organization, membership=request.membership, pk=pk
    )
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.customer_erase(
                organization=organization,
                actor=request.user,
                membership=request.membership,
                customer=customer,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request, _("The customer's personal data was erased. The anonymous figures stay.")
            )
            return redirect("customer_detail", org_slug=org_slug, pk=customer.pk)
    return render(
        request,
        "privacy/customer_erase.html",
        {"customer": customer, "form": form},
        status=400 if form.errors else 200,
    )
