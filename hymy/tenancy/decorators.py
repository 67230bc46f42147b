from functools import wraps

from django.core.exceptions import PermissionDenied


def requires(permission: str):
    """A view under /o/<org_slug>/ that needs `permission` in the member's role."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.membership is None or not request.membership.can(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
