from .selectors import membership_list_for_user


def organization(request):
    """The current organisation and the others the user may switch to, for the page header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "current_organization": getattr(request, "organization", None),
        "current_membership": getattr(request, "membership", None),
        "my_memberships": membership_list_for_user(user=user),
    }
