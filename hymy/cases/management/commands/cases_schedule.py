from django.core.management.base import BaseCommand

from hymy.cases.tasks import cases_periodic_schedule


class Command(BaseCommand):
    help = "Queue the periodic case work (SLA check, inbound mail) on the task worker, unless it is queued already."

    def handle(self, *args, **options):
        queued = cases_periodic_schedule()
        self.stdout.write(
            "Periodic case work queued." if queued else "Periodic case work was already queued."
        )
