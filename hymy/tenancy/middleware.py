from django.contrib.auth.views import redirect_to_login

from .selectors import membership_get


class OrganizationMiddleware:
    """For URLs under /o/<org_slug>/: resolve the member's organisation and role, or answer 404.

    Views then read `request.organization` and `request.membership`; nothing else decides tenancy.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.organization = None
        request.membership = None
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        slug = view_kwargs.get("org_slug")
        if slug is None:
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        membership = membership_get(user=request.user, organization_slug=slug)
        request.membership = membership
        request.organization = membership.organization
        return None
