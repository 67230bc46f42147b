"""Every read of webhooks, scoped to the organisation (only owners and admins reach these pages)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from hymy.tenancy.models import Organization

from .models import WebhookDelivery, WebhookSubscription


def subscription_list(*, organization: Organization) -> QuerySet[WebhookSubscription]:
    return WebhookSubscription.objects.filter(organization=organization).select_related("created_by")


def subscription_get(*, organization: Organization, pk: int) -> WebhookSubscription:
    return get_object_or_404(subscription_list(organization=organization), pk=pk)


def delivery_list(
    *, organization: Organization, subscription: WebhookSubscription
) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(organization=organization, subscription=subscription)


def delivery_get(*, organization: Organization, pk: int) -> WebhookDelivery:
    deliveries = WebhookDelivery.objects.filter(organization=organization).select_related("subscription")
    return get_object_or_404(deliveries, pk=pk)
