"""The member list as a file (`?export=csv|xlsx` on the members page, for those who manage members)."""

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _

from hymy.core.exports import export_format, export_table

from .models import Membership, Organization


def member_list_export(
    *, file_format: str, organization: Organization, members: QuerySet[Membership]
) -> HttpResponse:
    """`members` from `selectors.member_list`."""
    file_format = export_format(file_format)
    return export_table(
        file_format=file_format,
        what="members",
        title=_("Members"),
        organization=organization,
        headers=[_("Name"), _("E-mail"), _("Role"), _("Partner company"), _("Member since")],
        rows=(
            [
                member.user.full_name,
                member.user.email,
                member.get_role_display(),
                member.partner.name if member.partner_id else "",
                member.created_at,
            ]
            for member in members
        ),
    )
