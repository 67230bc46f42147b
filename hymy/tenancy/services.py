"""Every write to organisations, members and partners."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .choices import Role
from .models import MemberInvitation, Membership, Organization, Partner, User
from .permissions import GRANT_OWNER, MANAGE_MEMBERS

INVITATION_VALID_FOR = datetime.timedelta(days=14)


def organization_create(*, name: str, slug: str = "", owner: User, default_language: str = "fi") -> Organization:
    """A new organisation with `owner` as its first owner and the default journey stages."""
    from hymy.journeys.services import journey_create_defaults

    organization = Organization(name=name, slug=slug or slugify(name)[:60], default_language=default_language)
    organization.full_clean()
    with transaction.atomic():
        organization.save()
        Membership.objects.create(organization=organization, user=owner, role=Role.OWNER)
        journey_create_defaults(organization=organization)
    return organization


def partner_create(*, organization: Organization, name: str, description: str = "") -> Partner:
    partner = Partner(organization=organization, name=name, description=description)
    partner.full_clean()
    partner.save()
    return partner


def membership_add(
    *, organization: Organization, user: User, role: str, partner: Partner | None = None
) -> Membership:
    membership = Membership(organization=organization, user=user, role=role, partner=partner)
    membership.full_clean()
    membership.save()
    return membership


def _require(actor: Membership, permission: str) -> None:
    if not actor.can(permission):
        raise PermissionDenied


def membership_role_change(
    *, actor: Membership, membership: Membership, role: str, partner: Partner | None = None
) -> Membership:
    """Change a member's role. Only owners hand out or take away the owner role; the last owner stays."""
    _require(actor, MANAGE_MEMBERS)
    if membership.organization_id != actor.organization_id:
        raise PermissionDenied
    if Role.OWNER in (role, membership.role):
        _require(actor, GRANT_OWNER)
    if membership.role == Role.OWNER and role != Role.OWNER:
        owners = Membership.objects.filter(organization_id=membership.organization_id, role=Role.OWNER)
        if owners.count() <= 1:
            raise ValidationError({"role": _("An organisation needs at least one owner.")})
    membership.role = role
    membership.partner = partner if role == Role.PARTNER else None
    membership.full_clean()
    membership.save(update_fields=["role", "partner"])
    return membership


def member_invite(
    *, actor: Membership, email: str, role: str, partner: Partner | None = None
) -> tuple[MemberInvitation, str]:
    """Invite someone by e-mail. Returns the invitation and the one-time token for the link.

    The e-mail itself is sent by a background task once this transaction commits.
    """
    from .tasks import member_invitation_send

    _require(actor, MANAGE_MEMBERS)
    if role == Role.OWNER:
        _require(actor, GRANT_OWNER)
    email = email.strip().lower()
    organization = actor.organization
    if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    if MemberInvitation.objects.filter(
        organization=organization, email__iexact=email, accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).exists():
        raise ValidationError({"email": _("An invitation to this address is already waiting.")})
    token, digest = MemberInvitation.new_token()
    invitation = MemberInvitation(
        organization=organization,
        email=email,
        role=role,
        partner=partner if role == Role.PARTNER else None,
        token_digest=digest,
        invited_by=actor.user,
        expires_at=timezone.now() + INVITATION_VALID_FOR,
    )
    invitation.full_clean()
    if role == Role.PARTNER and invitation.partner is None:
        raise ValidationError({"partner": _("Choose the partner company this person works for.")})
    with transaction.atomic():
        invitation.save()
        transaction.on_commit(lambda: member_invitation_send.enqueue(invitation.pk, token))
    return invitation, token


@transaction.atomic
def member_invitation_accept(*, token: str, user: User) -> Membership:
    """Turn an open invitation into a membership for the signed-in (or just registered) user."""
    invitation = (
        MemberInvitation.objects.select_for_update()
        .filter(token_digest=MemberInvitation.digest(token))
        .first()
    )
    if invitation is None or not invitation.is_open:
        raise ValidationError(_("This invitation is not valid any more. Ask for a new one."))
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(
            _("This invitation is for %(email)s. Sign in with that address to accept it.")
            % {"email": invitation.email}
        )
    membership, _created = Membership.objects.get_or_create(
        organization=invitation.organization,
        user=user,
        defaults={"role": invitation.role, "partner": invitation.partner},
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership


def user_language_set(*, user: User, language: str) -> User:
    user.language = language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["language"])
    return user
