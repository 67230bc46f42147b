from django.core.management.base import BaseCommand

from hymy.privacy.models import RetentionPolicy
from hymy.privacy.services import retention_apply


class Command(BaseCommand):
    help = "Anonymise responses and cases older than each organisation's retention (a safety net beside the task queue)."

    def handle(self, *args, **options):
        total = 0
        policies = RetentionPolicy.objects.select_related("organization")
        for policy in policies.exclude(responses_years__isnull=True, cases_years__isnull=True):
            total += sum(retention_apply(organization=policy.organization).values())
        self.stdout.write(f"{total} rows anonymised.")
