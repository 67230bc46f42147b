from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hymy.demo.services import DEMO_EMAIL, DEMO_PASSWORD, demo_data_create


class Command(BaseCommand):
    help = (
        "Create the demo organisations Loistopixel and Revontuli Mobile Oy with two years of realistic, "
        "seeded data. Existing demo organisations are kept unless --reset is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="multiplies the telecom's customers")
        parser.add_argument("--seed", type=int, default=2026, help="the same seed gives the same data")
        parser.add_argument(
            "--reset", action="store_true", help="delete the demo organisations and create them again"
        )

    def handle(self, *args, scale, seed, reset, **options):
        if scale <= 0:
            raise CommandError("--scale must be more than 0.")
        report = demo_data_create(scale=scale, seed=seed, reset=reset)
        for line in report.lines:
            self.stdout.write(line)
        self.stdout.write(f"\nHymy: {settings.HYMY_BASE_URL}/")
        self.stdout.write(f"Sign in as {DEMO_EMAIL} / {DEMO_PASSWORD}")
