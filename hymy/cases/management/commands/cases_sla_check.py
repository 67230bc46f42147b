from django.core.management.base import BaseCommand

from hymy.cases.services import cases_sla_check


class Command(BaseCommand):
    help = "Warn about case deadlines coming soon and escalate missed ones (run every few minutes from cron)."

    def handle(self, *args, **options):
        counts = cases_sla_check()
        self.stdout.write(f"{counts['warnings']} warnings, {counts['breaches']} breaches.")
