"""Every read of organisations and members."""

from django.db.models import QuerySet
from django.http import Http404

from .models import MemberInvitation, Membership, Organization, Partner, User


def membership_list_for_user(*, user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organization", "partner").order_by(
        "organization__name"
    )


def membership_get(*, user: User, organization_slug: str) -> Membership:
    """The user's membership in the organisation, or 404 — the same answer whether it exists or not."""
    membership = (
        Membership.objects.select_related("organization", "partner")
        .filter(user=user, organization__slug=organization_slug)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def member_list(*, organization: Organization) -> QuerySet[Membership]:
    return Membership.objects.filter(organization=organization).select_related("user", "partner").order_by(
        "user__full_name", "user__email"
    )


def member_invitation_list(*, organization: Organization) -> QuerySet[MemberInvitation]:
    return MemberInvitation.objects.filter(organization=organization, accepted_at__isnull=True).select_related(
        "partner", "invited_by"
    )


def partner_list(*, organization: Organization) -> QuerySet[Partner]:
    return Partner.objects.filter(organization=organization)
