from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from hymy.core.forms import form_add_service_errors

from . import selectors, services
from .choices import Role
from .decorators import requires
from .forms import AcceptInvitationForm, InviteForm, PartnerForm, RoleForm, SignInForm
from .models import MemberInvitation, Membership, User
from .permissions import MANAGE_MEMBERS, VIEW_CUSTOMERS


def _sign_in_account(group, request) -> str:
    """The account a sign-in tries, as stored: 'Liisa@X.fi' and 'liisa@x.fi' share one limit."""
    return request.POST.get("username", "").strip().lower()


@method_decorator(ratelimit(key="ip", rate=settings.LOGIN_RATE_LIMIT_PER_IP, method="POST", block=True), "dispatch")
@method_decorator(
    ratelimit(key=_sign_in_account, rate=settings.LOGIN_RATE_LIMIT_PER_USERNAME, method="POST", block=True),
    "dispatch",
)
class LoginView(auth_views.LoginView):
    """Django's sign-in, limited per address and per account against password guessing."""

    template_name = "tenancy/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


@login_required
def home(request):
    """The organisations the user belongs to; with only one, go straight there."""
    memberships = list(selectors.membership_list_for_user(user=request.user))
    if len(memberships) == 1:
        return redirect("organization_home", org_slug=memberships[0].organization.slug)
    return render(request, "tenancy/home.html", {"memberships": memberships})


@requires(VIEW_CUSTOMERS)
def organization_home(request, org_slug):
    """The organisation's front page: what it has, and where to go next."""
    from hymy.customers.models import Customer, Encounter, Purchase
    from hymy.customers.selectors import customer_list
    from hymy.journeys.selectors import touchpoint_list

    organization, membership = request.organization, request.membership
    customers = customer_list(organization=organization, membership=membership)
    context = {
        "customer_count": customers.count(),
        "status_counts": dict(
            Customer.objects.filter(pk__in=customers.values("pk")).values_list("status").annotate(Count("id"))
        ),
        "touchpoint_count": touchpoint_list(organization=organization, membership=membership).count(),
        "recent_customers": customers.order_by("-created_at")[:8],
        "encounter_count": Encounter.objects.filter(organization=organization).count()
        if not membership.is_partner
        else None,
        "purchase_count": Purchase.objects.filter(organization=organization).count()
        if not membership.is_partner
        else None,
    }
    return render(request, "tenancy/organization_home.html", context)


@requires(MANAGE_MEMBERS)
def member_list(request, org_slug):
    organization = request.organization
    partners = selectors.partner_list(organization=organization)
    invite_form = InviteForm(request.POST or None, partners=partners)
    if request.method == "POST" and invite_form.is_valid():
        try:
            invitation, _token = services.member_invite(actor=request.membership, **invite_form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(invite_form, error)
        except PermissionDenied:
            invite_form.add_error("role", _("Only an owner can invite another owner."))
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect("member_list", org_slug=org_slug)
    context = {
        "members": selectors.member_list(organization=organization),
        "invitations": selectors.member_invitation_list(organization=organization),
        "invite_form": invite_form,
        "partners": partners,
        "partner_form": PartnerForm(),
        "role_help": Role.help_texts(),
    }
    return render(request, "tenancy/member_list.html", context)


@require_POST
@requires(MANAGE_MEMBERS)
def member_role_change(request, org_slug, pk):
    membership = get_object_or_404(Membership, organization=request.organization, pk=pk)
    form = RoleForm(request.POST, partners=selectors.partner_list(organization=request.organization))
    if form.is_valid():
        try:
            services.membership_role_change(actor=request.membership, membership=membership, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except PermissionDenied:
            messages.error(request, _("Only an owner can give or take away the owner role."))
        else:
            messages.success(request, _("Role changed."))
    else:
        messages.error(request, _("Choose a valid role."))
    return redirect("member_list", org_slug=org_slug)


@require_POST
@requires(MANAGE_MEMBERS)
def partner_create(request, org_slug):
    form = PartnerForm(request.POST)
    if form.is_valid():
        try:
            services.partner_create(organization=request.organization, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Partner added."))
    else:
        messages.error(request, _("Give the partner a name."))
    return redirect("member_list", org_slug=org_slug)


@ratelimit(key="ip", rate="30/m", block=True)
def invitation_accept(request, token):
    """Join an organisation by an invitation link: sign in first, or create an account here."""
    invitation = MemberInvitation.objects.filter(token_digest=MemberInvitation.digest(token)).first()
    if invitation is None or not invitation.is_open:
        return render(request, "tenancy/invitation_invalid.html", status=404)
    existing_user = User.objects.filter(email__iexact=invitation.email).first()
    if request.user.is_authenticated or existing_user is not None:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if invitation.email.lower() != request.user.email.lower():
            context = {"invitation": invitation, "form": None, "wrong_account": True}
            return render(request, "tenancy/invitation_accept.html", context, status=403)
        if request.method == "POST":
            membership = services.member_invitation_accept(token=token, user=request.user)
            return redirect("organization_home", org_slug=membership.organization.slug)
        return render(request, "tenancy/invitation_accept.html", {"invitation": invitation, "form": None})
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = User.objects.create_user(
            invitation.email,
            form.cleaned_data["password"],
            full_name=form.cleaned_data["full_name"],
            language=invitation.organization.default_language,
        )
        membership = services.member_invitation_accept(token=token, user=user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("organization_home", org_slug=membership.organization.slug)
    return render(request, "tenancy/invitation_accept.html", {"invitation": invitation, "form": form})


@require_POST
def language_set(request):
    """Switch the interface language; remembered on the account of a signed-in user."""
    from django.utils.http import url_has_allowed_host_and_scheme
    from django.views.i18n import set_language

    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in settings.INTERFACE_LANGUAGES:
        services.user_language_set(user=request.user, language=language)
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        request.POST = request.POST.copy()
        request.POST["next"] = "/"
    return set_language(request)
