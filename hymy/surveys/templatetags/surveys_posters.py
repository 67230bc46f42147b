"""`{% poster_card survey %}`: the survey page's card of printable QR posters (see posters.py)."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from ..forms import LANGUAGE_LABELS
from ..models import SURVEY_LANGUAGES
from ..posters import FORMATS

register = template.Library()


@register.inclusion_tag("surveys/_poster_card.html")
def poster_card(survey):
    """A row for the whole survey and one per touchpoint, a column per language, a link per format."""
    rows = []
    for touchpoint in [None, *survey.touchpoints.all()]:
        cells = []
        for language in SURVEY_LANGUAGES:
            query = {"language": language}
            if touchpoint is not None:
                query["touchpoint"] = touchpoint.pk
            cells.append(
                [
                    {
                        "format": fmt,
                        "url": reverse(
                            "survey_poster",
                            kwargs={"org_slug": survey.organization.slug, "pk": survey.pk, "fmt": fmt},
                        )
                        + "?"
                        + urlencode(query),
                    }
                    for fmt in FORMATS
                ]
            )
        rows.append({"touchpoint": touchpoint, "cells": cells})
    return {
        "survey": survey,
        "languages": [LANGUAGE_LABELS[language] for language in SURVEY_LANGUAGES],
        "rows": rows,
    }
