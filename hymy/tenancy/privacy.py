"""The personal data of the tenancy app: staff users, not customers (see hymy/privacy/registry.py)."""

from hymy.privacy.registry import ERASE, KEEP, REPLACE, STAFF, not_personal, personal_data

from .models import ApiKey, MemberInvitation, Membership, Organization, Partner, User

personal_data(
    User,
    subject=STAFF,
    fields={"email": REPLACE, "full_name": ERASE, "password": ERASE, "language": KEEP},
)
personal_data(MemberInvitation, subject=STAFF, fields={"email": ERASE})
not_personal(Membership, fields=[], reason="A role in an organisation.")
not_personal(Organization, fields=["name"], reason="A business's name.")
not_personal(Partner, fields=["name", "description"], reason="A partner company's name and what it does.")
not_personal(ApiKey, fields=["name", "scopes"], reason="An integration's name and what its key may do.")
