import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hymy.core.forms import form_add_service_errors
from hymy.tenancy.decorators import requires
from hymy.tenancy.permissions import MANAGE_WEBHOOKS

from . import selectors, services
from .catalogue import EVENTS
from .choices import DeliveryStatus, SubscriptionStatus
from .forms import SubscriptionForm

DELIVERIES_PER_PAGE = 50


@requires(MANAGE_WEBHOOKS)
def subscription_list(request, org_slug):
    context = {
        "subscriptions": selectors.subscription_list(organization=request.organization),
        "events": [event for event in EVENTS.values() if event.subscribable],
    }
    return render(request, "webhooks/subscription_list.html", context)


@requires(MANAGE_WEBHOOKS)
def subscription_create(request, org_slug):
    form = SubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            subscription = services.subscription_create(
                organization=request.organization, actor=request.membership, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Webhook saved. Show its secret to set up signature checks."))
            return redirect("webhook_detail", org_slug=org_slug, pk=subscription.pk)
    return render(request, "webhooks/subscription_form.html", {"form": form, "subscription": None})


@requires(MANAGE_WEBHOOKS)
def subscription_edit(request, org_slug, pk):
    subscription = selectors.subscription_get(organization=request.organization, pk=pk)
    initial = {
        "url": subscription.url,
        "description": subscription.description,
        "events": subscription.events,
    }
    form = SubscriptionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.subscription_update(
                subscription=subscription, actor=request.membership, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Webhook saved."))
            return redirect("webhook_detail", org_slug=org_slug, pk=subscription.pk)
    return render(request, "webhooks/subscription_form.html", {"form": form, "subscription": subscription})


@requires(MANAGE_WEBHOOKS)
def subscription_detail(request, org_slug, pk):
    subscription = selectors.subscription_get(organization=request.organization, pk=pk)
    deliveries = selectors.delivery_list(organization=request.organization, subscription=subscription)
    page = Paginator(deliveries, DELIVERIES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "subscription": subscription,
        "page": page,
        "events": [EVENTS.get(name) for name in subscription.events],
    }
    return render(request, "webhooks/subscription_detail.html", context)


@require_POST
@requires(MANAGE_WEBHOOKS)
def subscription_status(request, org_slug, pk):
    subscription = selectors.subscription_get(organization=request.organization, pk=pk)
    status = request.POST.get("status", "")
    try:
        services.subscription_status_set(subscription=subscription, actor=request.membership, status=status)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if subscription.status == SubscriptionStatus.PAUSED:
            messages.success(request, _("Webhook paused. No events are sent to it until you resume it."))
        else:
            messages.success(request, _("Webhook resumed."))
    return redirect("webhook_detail", org_slug=org_slug, pk=subscription.pk)


@require_POST
@requires(MANAGE_WEBHOOKS)
def subscription_delete(request, org_slug, pk):
    subscription = selectors.subscription_get(organization=request.organization, pk=pk)
    services.subscription_delete(subscription=subscription, actor=request.membership)
    messages.success(request, _("Webhook %(url)s deleted.") % {"url": subscription.url})
    return redirect("webhook_list", org_slug=org_slug)


@require_POST
@requires(MANAGE_WEBHOOKS)
def subscription_secret(request, org_slug, pk):
    """Shows the signing secret on request (a POST, so it is never in a link, a log or a cache)."""
    subscription = selectors.subscription_get(organization=request.organization, pk=pk)
    rotated = request.POST.get("action") == "rotate"
    if rotated:
        services.subscription_secret_rotate(subscription=subscription, actor=request.membership)
    response = render(
        request, "webhooks/subscription_secret.html", {"subscription": subscription, "rotated": rotated}
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@requires(MANAGE_WEBHOOKS)
def subscription_test(request, org_slug, pk):
    subscription = selectors.subscription_get(organization=request.organization, pk=pk)
    delivery = services.subscription_test_send(subscription=subscription, actor=request.membership)
    if delivery.status == DeliveryStatus.DELIVERED:
        messages.success(
            request,
            _("Test event delivered: HTTP %(code)s in %(ms)s ms.")
            % {"code": delivery.status_code, "ms": delivery.response_ms},
        )
    else:
        messages.error(
            request, _("The test event was not delivered: %(reason)s") % {"reason": _failure(delivery)}
        )
    return redirect("webhook_detail", org_slug=org_slug, pk=subscription.pk)


def _failure(delivery) -> str:
    if delivery.status_code is not None:
        return _("the receiver answered HTTP %(code)s.") % {"code": delivery.status_code}
    return delivery.error


@requires(MANAGE_WEBHOOKS)
def delivery_detail(request, org_slug, pk):
    delivery = selectors.delivery_get(organization=request.organization, pk=pk)
    try:
        payload = json.dumps(json.loads(delivery.payload), indent=2, ensure_ascii=False)
    except ValueError:
        payload = delivery.payload
    context = {"delivery": delivery, "payload": payload, "attempts": delivery.attempt_log.all()}
    return render(request, "webhooks/delivery_detail.html", context)


@require_POST
@requires(MANAGE_WEBHOOKS)
def delivery_redeliver(request, org_slug, pk):
    delivery = selectors.delivery_get(organization=request.organization, pk=pk)
    try:
        delivery = services.delivery_redeliver(delivery=delivery, actor=request.membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if delivery.status == DeliveryStatus.DELIVERED:
            messages.success(request, _("Delivered again: HTTP %(code)s.") % {"code": delivery.status_code})
        else:
            messages.error(request, _("Sending again failed: %(reason)s") % {"reason": _failure(delivery)})
    return redirect("webhook_delivery", org_slug=org_slug, pk=delivery.pk)
