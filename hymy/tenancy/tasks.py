from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from .models import MemberInvitation


@task()
def member_invitation_send(invitation_id: int, token: str) -> None:
    """E-mail the invitation link, in the organisation's language."""
    invitation = MemberInvitation.objects.select_related("organization", "invited_by").get(pk=invitation_id)
    link = settings.HYMY_BASE_URL + reverse("invitation_accept", args=[token])
    with translation.override(invitation.organization.default_language):
        context = {"invitation": invitation, "link": link}
        subject = render_to_string("tenancy/email/invitation_subject.txt", context).strip()
        body = render_to_string("tenancy/email/invitation.txt", context)
        html = render_to_string("tenancy/email/invitation.html", context)
    send_mail(subject, body, None, [invitation.email], html_message=html)
