from django.core.management.base import BaseCommand

from hymy.improvement.schedule import weekly_digest_schedule


class Command(BaseCommand):
    help = "Queue the next weekly digest run unless it is queued already (run by `hymy worker` at start)."

    def handle(self, *args, **options):
        run = weekly_digest_schedule()
        if run is None:
            self.stdout.write("The next weekly digest run was already scheduled.")
        else:
            self.stdout.write(f"Weekly digest scheduled for {run.due_at.isoformat()}.")
