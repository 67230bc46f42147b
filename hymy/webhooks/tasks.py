from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from . import services
from .models import WebhookSubscription


@task()
def webhook_deliver(delivery_id: int, attempt: int) -> str:
    return services.delivery_attempt(delivery_id=delivery_id, attempt=attempt)


@task()
def subscription_paused_notify(subscription_id: int) -> int:
    """E-mail the subscription's maker (or the owners) that it was paused, each in their own language."""
    subscription = WebhookSubscription.objects.select_related("organization").get(pk=subscription_id)
    link = settings.HYMY_BASE_URL + reverse(
        "webhook_detail", kwargs={"org_slug": subscription.organization.slug, "pk": subscription.pk}
    )
    recipients = services.paused_notice_recipients(subscription)
    for user in recipients:
        with translation.override(user.language):
            context = {"subscription": subscription, "organization": subscription.organization, "link": link}
            subject = render_to_string("webhooks/email/paused_subject.txt", context).strip()
            body = render_to_string("webhooks/email/paused.txt", context)
        send_mail(subject, body, None, [user.email])
    return len(recipients)
