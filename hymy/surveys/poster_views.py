"""The staff page that hands out a survey's printable QR poster (R3.1): PDF, PNG or SVG.

`/o/<org>/surveys/<pk>/poster.<fmt>?language=fi&touchpoint=<id>`. The survey must be the
organisation's, and a touchpoint must be one of the survey's own (the public page counts an
answer for a touchpoint only then); anything else answers 404, like a survey that does not exist.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from hymy.tenancy.decorators import requires
from hymy.tenancy.permissions import VIEW_SURVEYS

from . import posters, selectors
from .models import SURVEY_LANGUAGES


@require_GET
@requires(VIEW_SURVEYS)
def survey_poster(request, org_slug, pk, fmt):
    survey = selectors.survey_get(organization=request.organization, pk=pk)
    if fmt not in posters.FORMATS:
        raise Http404
    language = request.GET.get("language") or survey.organization.default_language
    if language not in SURVEY_LANGUAGES:
        raise Http404
    touchpoint = None
    touchpoint_id = request.GET.get("touchpoint", "")
    if touchpoint_id:
        if not touchpoint_id.isdigit():
            raise Http404
        touchpoint = get_object_or_404(
            survey.touchpoints.filter(organization=request.organization), pk=int(touchpoint_id)
        )
    poster = posters.poster_render(survey=survey, fmt=fmt, language=language, touchpoint=touchpoint)
    response = HttpResponse(poster.content, content_type=poster.content_type)
    response["Content-Disposition"] = poster.content_disposition
    response["Cache-Control"] = "private, no-store"
    return response
