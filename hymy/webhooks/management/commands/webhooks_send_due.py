from django.core.management.base import BaseCommand

from hymy.webhooks.services import deliveries_send_due


class Command(BaseCommand):
    help = "Make every webhook retry whose time has come (a safety net beside the task worker)."

    def handle(self, *args, **options):
        tried = deliveries_send_due()
        self.stdout.write(f"{tried} webhook deliveries tried.")
