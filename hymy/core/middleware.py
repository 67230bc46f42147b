from django.conf import settings
from django.utils import translation


class UserLanguageMiddleware:
    """Use the signed-in user's chosen language; anonymous visitors get the browser's (LocaleMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language in settings.INTERFACE_LANGUAGES:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
