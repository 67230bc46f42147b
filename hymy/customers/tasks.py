from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from .models import DetailsUpdateRequest


@task()
def details_update_email_send(request_id: int, token: str) -> None:
    """E-mail the customer the link to their own details page, in the customer's language."""
    request = DetailsUpdateRequest.objects.select_related("organization", "customer").get(pk=request_id)
    link = settings.HYMY_BASE_URL + reverse("details_update", args=[token])
    with translation.override(request.customer.language or request.organization.default_language):
        context = {"request": request, "organization": request.organization, "link": link}
        subject = render_to_string("customers/email/details_update_subject.txt", context).strip()
        body = render_to_string("customers/email/details_update.txt", context)
    send_mail(subject, body, None, [request.sent_to])
