import getpass

from django.core.management.base import BaseCommand, CommandError

from hymy.tenancy.models import User
from hymy.tenancy.services import organization_create


class Command(BaseCommand):
    help = "Create an organisation and its owner (asks for the owner's password if the user is new)."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--slug", default="")
        parser.add_argument("--owner-email", required=True)

    def handle(self, *args, name, slug, owner_email, **options):
        owner = User.objects.filter(email__iexact=owner_email).first()
        if owner is None:
            password = getpass.getpass(f"Password for {owner_email}: ")
            if len(password) < 10:
                raise CommandError("Use a password of at least 10 characters.")
            owner = User.objects.create_user(owner_email, password)
        organization = organization_create(name=name, slug=slug, owner=owner)
        self.stdout.write(f"Created {organization.name} at /o/{organization.slug}/ with owner {owner.email}.")
