"""The customer's own page for correcting their details, reached by the unguessable link they were sent."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django_ratelimit.decorators import ratelimit

from hymy.core.forms import form_add_service_errors
from hymy.core.phones import phone_display

from . import selectors, services
from .forms import DetailsUpdateForm


@never_cache
@ratelimit(key="ip", rate="60/m", method="GET", block=True)
@ratelimit(key="ip", rate=settings.DETAILS_UPDATE_RATE_LIMIT, method="POST", block=True)
def details_update(request, token):
    request_ = selectors.details_update_request_get(token=token)
    if request_ is None:
        return render(request, "customers/public/details_gone.html", status=404)
    customer = request_.customer
    with translation.override(customer.language or request_.organization.default_language):
        initial = {
            "name": customer.name,
            "email": customer.email,
            "phone": phone_display(customer.phone),
            "survey_consent": customer.survey_consent,
            "marketing_consent": customer.marketing_consent,
        }
        form = DetailsUpdateForm(request.POST if request.method == "POST" else None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.details_update_by_customer(request=request_, **form.cleaned_data)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                return render(
                    request, "customers/public/details_thanks.html", {"organization": request_.organization}
                )
        context = {"form": form, "organization": request_.organization}
        return render(
            request, "customers/public/details_update.html", context, status=400 if form.errors else 200
        )
