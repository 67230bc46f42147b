from django_tasks import task

from . import services
from .models import Invitation


@task()
def invitation_send(invitation_id: int) -> str:
    invitation = services.invitation_send(invitation=Invitation.objects.get(pk=invitation_id))
    return invitation.status


@task()
def invitation_remind(invitation_id: int) -> bool:
    return services.invitation_remind(invitation=Invitation.objects.get(pk=invitation_id))
