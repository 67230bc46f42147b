from django.core.management.base import BaseCommand

from hymy.surveys.services import invitations_send_due


class Command(BaseCommand):
    help = "Send every scheduled invitation and reminder whose time has come (a safety net beside the task queue)."

    def handle(self, *args, **options):
        self.stdout.write(f"{invitations_send_due()} invitations and reminders handled.")
