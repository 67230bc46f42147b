from django.core.management.base import BaseCommand

from hymy.cases.inbound import mailboxes_poll


class Command(BaseCommand):
    help = "Read new e-mail from every organisation's inbound mailbox into cases (run every few minutes from cron)."

    def handle(self, *args, **options):
        self.stdout.write(f"{mailboxes_poll()} messages read.")
