import hashlib
import secrets

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Language, Role
from .permissions import role_can


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. One user may belong to several organisations."""

    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.FINNISH)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.email

    @property
    def display_name(self) -> str:
        return self.full_name or self.email


class Organization(models.Model):
    """A business using Hymy. Every domain row belongs to exactly one organisation."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address name"), max_length=60, unique=True)
    default_language = models.CharField(
        _("default language"), max_length=8, choices=Language.choices, default=Language.FINNISH
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Partner(models.Model):
    """An outside company that serves customers in the organisation's name (delivery, call centre)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what they do for us"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="partner_unique_name")]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A user's place in an organisation: their role, and for partner users their partner."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)
    partner = models.ForeignKey(
        Partner, on_delete=models.RESTRICT, null=True, blank=True, related_name="memberships",
        verbose_name=_("partner"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="membership_unique_user"),
            models.CheckConstraint(
                condition=(models.Q(role=Role.PARTNER) & models.Q(partner__isnull=False))
                | (~models.Q(role=Role.PARTNER) & models.Q(partner__isnull=True)),
                name="membership_partner_iff_partner_role",
            ),
        ]

    def __str__(self):
        return f"{self.user} @ {self.organization} ({self.role})"

    def clean(self):
        if self.role == Role.PARTNER and not self.partner_id:
            raise ValidationError({"partner": _("A partner user must belong to a partner company.")})
        if self.role != Role.PARTNER and self.partner_id:
            raise ValidationError({"partner": _("Only partner users belong to a partner company.")})
        if self.partner_id and self.partner.organization_id != self.organization_id:
            raise ValidationError({"partner": _("The partner belongs to another organisation.")})

    def can(self, permission: str) -> bool:
        return role_can(self.role, permission)

    @property
    def is_partner(self) -> bool:
        return self.role == Role.PARTNER


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class MemberInvitation(models.Model):
    """An e-mailed invitation to join an organisation. Only the token's hash is stored."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="member_invitations")
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.AGENT)
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("partner")
    )
    token_digest = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("member invitation")
        verbose_name_plural = _("member invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.organization}"

    @staticmethod
    def new_token() -> tuple[str, str]:
        token = secrets.token_urlsafe(32)
        return token, _token_digest(token)

    @staticmethod
    def digest(token: str) -> str:
        return _token_digest(token)

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()
