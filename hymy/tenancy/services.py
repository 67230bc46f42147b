"""Every write to organisations, members and partners."""

import datetime
import hmac
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .choices import ApiResource, Role
from .models import ApiKey, MemberInvitation, Membership, Organization, Partner, User
from .permissions import GRANT_OWNER, MANAGE_API_KEYS, MANAGE_MEMBERS

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


# --- API keys ------------------------------------------------------------------------------------

API_KEY_PREFIX = "hymy_"
API_KEY_PREFIX_LENGTH = len(API_KEY_PREFIX) + 12  # "hymy_" and 12 hexadecimal digits
# Writing `last_used_at` on every request would make every read a write; once a minute is enough
# to answer "is this key still in use?".
API_KEY_LAST_USED_EVERY = datetime.timedelta(minutes=1)


def api_key_scopes_clean(scopes: list[str]) -> list[str]:
    allowed = {f"{resource}:{level}" for resource in ApiResource.values for level in ("read", "write")}
    unknown = [scope for scope in scopes if scope not in allowed]
    if unknown:
        raise ValidationError({"scopes": _("Unknown access: %(scopes)s.") % {"scopes": ", ".join(unknown)}})
    if not scopes:
        raise ValidationError({"scopes": _("Give the key access to at least one thing.")})
    # Writing implies reading what one writes (an upsert reads the customer it finds).
    with_reads = set(scopes) | {scope.replace(":write", ":read") for scope in scopes}
    return sorted(with_reads)


def api_key_create(
    *,
    organization: Organization,
    actor: Membership | None,
    name: str,
    scopes: list[str],
    partner: Partner | None = None,
    secret: str | None = None,
) -> tuple[ApiKey, str]:
    """A new key and its secret (shown once; only its SHA-256 is kept).

    The key gets its own service user, which cannot sign in: services and change logs name it as the
    actor ("API: Web shop"), and its role is administrator, or partner for a partner's key, narrowed
    further by the key's scopes. `secret` is only for the demo, whose key is derived, not random.
    """
    if actor is not None:
        _require(actor, MANAGE_API_KEYS)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the key a name, e.g. the system that uses it.")})
    if partner is not None and partner.organization_id != organization.pk:
        raise ValidationError({"partner": _("The partner belongs to another organisation.")})
    scopes = api_key_scopes_clean(list(scopes))
    if secret is None:
        secret = f"{API_KEY_PREFIX}{secrets.token_hex(6)}_{secrets.token_urlsafe(32)}"
    prefix = secret[:API_KEY_PREFIX_LENGTH]
    email = f"api-{prefix}@api.invalid"
    with transaction.atomic():
        # A service user outlives its organisation's deletion (the demo's --reset); reuse it then.
        service_user = User.objects.filter(email=email).first() or User.objects.create_user(
            email, None, full_name=f"API: {name}"[:200], is_active=False
        )
        key = ApiKey(
            organization=organization,
            name=name,
            prefix=prefix,
            secret_digest=ApiKey.digest(secret),
            scopes=scopes,
            partner=partner,
            service_user=service_user,
            created_by=actor.user if actor is not None else None,
        )
        key.full_clean()
        key.save()
    return key, secret


def api_key_revoke(*, key: ApiKey, actor: Membership) -> ApiKey:
    _require(actor, MANAGE_API_KEYS)
    if key.organization_id != actor.organization_id:
        raise PermissionDenied
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
    return key


def api_key_authenticate(*, secret: str) -> ApiKey | None:
    """The active key this secret belongs to, or None. Marks it used (at most once a minute)."""
    secret = secret or ""
    prefix = secret[:API_KEY_PREFIX_LENGTH]
    if (
        not prefix.startswith(API_KEY_PREFIX)
        or secret[API_KEY_PREFIX_LENGTH : API_KEY_PREFIX_LENGTH + 1] != "_"
    ):
        return None
    key = (
        ApiKey.objects.select_related("organization", "partner", "service_user")
        .filter(prefix=prefix, revoked_at__isnull=True)
        .first()
    )
    if key is None or not hmac.compare_digest(key.secret_digest, ApiKey.digest(secret)):
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > API_KEY_LAST_USED_EVERY:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key


def api_key_membership(*, key: ApiKey) -> Membership:
    """The key's place in its organisation, as the services and selectors expect a member's.

    Not saved: the key is not a member (it does not appear among members and cannot sign in).
    """
    role = Role.PARTNER if key.partner_id else Role.ADMIN
    return Membership(organization=key.organization, user=key.service_user, role=role, partner=key.partner)
