from django.contrib import admin

from .models import WebhookAttempt, WebhookDelivery, WebhookSubscription


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["url", "organization", "status", "failing_since", "created_at"]
    list_filter = ["organization", "status"]
    exclude = ["secret"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "event", "subscription", "status", "attempts", "status_code"]
    list_filter = ["organization", "status", "event"]
    raw_id_fields = ["subscription"]


admin.site.register(WebhookAttempt)
