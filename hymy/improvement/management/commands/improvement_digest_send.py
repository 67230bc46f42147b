import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hymy.improvement.digest import digests_send, last_full_week, week_of


class Command(BaseCommand):
    help = (
        "Send the weekly digest of the last full week (or of the week containing --week-of) to every "
        "subscribed member who has not had it yet."
    )

    def add_arguments(self, parser):
        parser.add_argument("--week-of", help="any day of the week to send, as YYYY-MM-DD")

    def handle(self, *args, **options):
        if options["week_of"]:
            try:
                week = week_of(datetime.date.fromisoformat(options["week_of"]))
            except ValueError as error:
                raise CommandError(f"--week-of: {error}") from error
        else:
            week = last_full_week(timezone.localdate())
        sent = digests_send(week=week)
        self.stdout.write(f"{sent} digests sent for the week starting {week.start.isoformat()}.")
