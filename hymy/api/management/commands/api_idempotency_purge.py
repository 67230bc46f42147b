from django.core.management.base import BaseCommand

from hymy.api.services import idempotent_requests_purge


class Command(BaseCommand):
    help = "Forget the stored first answers of API requests with an Idempotency-Key older than a day (run daily)."

    def handle(self, *args, **options):
        self.stdout.write(f"Forgot {idempotent_requests_purge()} idempotent requests older than a day.")
