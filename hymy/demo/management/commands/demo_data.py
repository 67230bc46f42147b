from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hymy.demo.services import DEMO_EMAIL, DEMO_PASSWORD, demo_data_create

# The organisation whose API key `hymy demo` prints: the telecom, with two years of data.
DEMO_API_ORGANIZATION = "revontuli"


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
        self._api_key()

    def _api_key(self):
        """The demo's API key, printed every time (the same key; see demo_api_key_ensure)."""
        from hymy.api.services import demo_api_key_ensure
        from hymy.tenancy.models import Organization

        organization = Organization.objects.filter(slug=DEMO_API_ORGANIZATION).first()
        secret = demo_api_key_ensure(organization=organization) if organization else None
        if secret:
            self.stdout.write(f"API: {settings.HYMY_BASE_URL}/api/v1/docs  ({organization.name})")
            self.stdout.write(f"     Authorization: Bearer {secret}")
