from django.core.management.base import BaseCommand, CommandError

from hymy.insights.services import rollups_rebuild
from hymy.tenancy.models import Organization


class Command(BaseCommand):
    help = (
        "Recount the daily score rollups from the answers. Says, per organisation, whether the incrementally "
        "kept rollups already agreed with the answers; exits with status 1 if any did not (--check)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organization", help="the organisation's address name (slug); all when omitted")
        parser.add_argument(
            "--check", action="store_true", help="exit 1 if the rollups differed from the answers"
        )

    def handle(self, *args, organization=None, check=False, **options):
        organizations = Organization.objects.all()
        if organization:
            organizations = organizations.filter(slug=organization)
            if not organizations.exists():
                raise CommandError(f"No organisation {organization!r}.")
        differed = False
        for each in organizations:
            result = rollups_rebuild(organization=each)
            verdict = (
                "agreed with the answers"
                if not result.differences
                else f"had {result.differences} bars that differed"
            )
            self.stdout.write(
                f"{each.slug}: {result.rows} histogram bars rebuilt; before the rebuild they {verdict}."
            )
            differed = differed or bool(result.differences)
        if check and differed:
            raise SystemExit(1)
