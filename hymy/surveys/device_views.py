"""Kiosk and website-widget endpoints. Reached by device or widget tokens, never by ids.

Both answer JSON and are exempt from CSRF: they act on no signed-in session, only on the
unguessable token in their address, so a forged cross-site request gains nothing.
"""

import json
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django_ratelimit.decorators import ratelimit

from hymy.core.devices import device_kind
from hymy.core.texts import text_in

from . import services
from .choices import ResponseSource, SurveyStatus
from .models import SURVEY_LANGUAGES, KioskDevice, WebWidget

MAX_BODY = 20_000


def _question_config(survey, language_codes=SURVEY_LANGUAGES) -> dict:
    """The first question and its follow-up in every language, for a page that works offline."""
    question = survey.questions.first()
    low, high = question.score_range
    return {
        "kind": question.kind,
        "scores": list(range(low, high + 1)),
        "text": {code: text_in(question.text, code) for code in language_codes},
        "low": {code: text_in(question.low_label, code) for code in language_codes},
        "high": {code: text_in(question.high_label, code) for code in language_codes},
        "followup": {code: text_in(question.followup_text, code) for code in language_codes}
        if question.has_followup
        else None,
        "followup_min": question.followup_min_score,
        "followup_max": question.followup_max_score,
        "thanks": {code: text_in(survey.thank_you, code) for code in language_codes},
    }


def _parse_body(request) -> dict:
    if len(request.body) > MAX_BODY:
        raise ValidationError("The answer is too large.")
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValidationError("The answer must be JSON.")
    if not isinstance(data, dict):
        raise ValidationError("The answer must be a JSON object.")
    return data


def _problem(status: int, detail, field: str = "") -> JsonResponse:
    """Errors in one shape (RFC 9457 problem details)."""
    if isinstance(detail, ValidationError):
        messages = detail.message_dict if hasattr(detail, "error_dict") else {"": detail.messages}
        field, texts = next(iter(messages.items()))
        detail = " ".join(texts)
    body = {"type": "about:blank", "title": "Invalid answer", "status": status, "detail": str(detail)}
    if field:
        body["field"] = field
    return JsonResponse(body, status=status, content_type="application/problem+json")


def _submit(request, *, survey, source, touchpoint, language):
    try:
        data = _parse_body(request)
        response, created = services.device_answer_submit(
            survey=survey,
            source=source,
            touchpoint=touchpoint,
            idempotency_key=str(data.get("key", "")),
            answered_at=parse_datetime(str(data.get("answered_at") or "")) or None,
            score=data.get("score"),
            followup_text=data.get("followup_text") if isinstance(data.get("followup_text"), str) else None,
            language=data.get("language") if data.get("language") in SURVEY_LANGUAGES else language,
            device=device_kind(request.META.get("HTTP_USER_AGENT", "")),
        )
    except ValidationError as error:
        return _problem(400, error)
    except ValueError as error:  # an answered_at that is not a real moment
        return _problem(400, str(error), "answered_at")
    return JsonResponse({"key": response.idempotency_key, "created": created}, status=201 if created else 200)


# --- Kiosk ------------------------------------------------------------------------------------


def _kiosk(token) -> KioskDevice:
    kiosk = KioskDevice.objects.select_related("survey", "survey__organization", "touchpoint").filter(
        token=token, is_active=True
    ).first()
    if kiosk is None:
        raise Http404
    return kiosk


@never_cache
def kiosk_page(request, token):
    """The full-screen page of a kiosk. It keeps working offline: answers wait in the browser."""
    kiosk = _kiosk(token)
    language = request.GET.get("lang") if request.GET.get("lang") in SURVEY_LANGUAGES else (
        kiosk.organization.default_language
    )
    config = {
        "submitUrl": reverse("kiosk_answer", args=[kiosk.token]),
        "serviceWorkerUrl": reverse("kiosk_service_worker", args=[kiosk.token]),
        "resetSeconds": kiosk.reset_seconds,
        "language": language,
        "languages": list(SURVEY_LANGUAGES),
        "question": _question_config(kiosk.survey),
        "closed": kiosk.survey.status != SurveyStatus.ACTIVE,
    }
    with translation.override(language):
        return render(request, "surveys/kiosk.html", {"kiosk": kiosk, "config": config, "language": language})


def kiosk_service_worker(request, token):
    """Served under the kiosk's own address so that it may keep that page for offline reloads."""
    kiosk = _kiosk(token)
    files = [
        reverse("kiosk_page", args=[kiosk.token]),
        static("hymy/kiosk.css"),
        static("hymy/kiosk.js"),
    ]
    script = render_to_string(
        "surveys/kiosk_sw.js", {"files_json": _json_for_script(files), "version": kiosk.survey.pk}
    )
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@csrf_exempt
@ratelimit(key="ip", rate=settings.KIOSK_RATE_LIMIT, method="POST", block=True)
def kiosk_answer(request, token):
    if request.method != "POST":
        return _problem(405, "Use POST.")
    kiosk = _kiosk(token)
    with transaction.atomic():
        result = _submit(
            request,
            survey=kiosk.survey,
            source=ResponseSource.KIOSK,
            touchpoint=kiosk.touchpoint,
            language=kiosk.organization.default_language,
        )
        if result.status_code in (200, 201):
            KioskDevice.objects.filter(pk=kiosk.pk).update(last_seen_at=timezone.now())
    return result


# --- Website widget ---------------------------------------------------------------------------


def _widget(token) -> WebWidget:
    widget = WebWidget.objects.select_related("survey", "survey__organization", "touchpoint").filter(
        token=token, is_active=True
    ).first()
    if widget is None:
        raise Http404
    return widget


def _cors(response: HttpResponse, request, widget: WebWidget) -> HttpResponse:
    origin = request.headers.get("Origin", "")
    if origin and widget.allows_origin(origin):
        response["Access-Control-Allow-Origin"] = origin
        response["Access-Control-Allow-Methods"] = "POST, OPTIONS"
        response["Access-Control-Allow-Headers"] = "Content-Type"
        response["Access-Control-Max-Age"] = "86400"
        response["Vary"] = "Origin"
    return response


@xframe_options_exempt
def widget_script(request, token):
    """The script a business pastes on its site: `<script src=".../w/<token>.js" async></script>`."""
    widget = _widget(token)
    if widget.survey.status != SurveyStatus.ACTIVE:
        return _script_that_does_nothing("this survey is closed")
    referer_origin = _origin_of(request.headers.get("Referer", ""))
    preview = request.GET.get("preview") == "1" and _is_own_origin(request, referer_origin)
    if referer_origin and not (widget.allows_origin(referer_origin) or _is_own_origin(request, referer_origin)):
        # The answers would be refused anyway; better not to ask at all than to thank for nothing.
        return _script_that_does_nothing("this website is not allowed")
    config = {
        "token": widget.token,
        "submitUrl": request.build_absolute_uri(reverse("widget_answer", args=[widget.token])),
        # The preview in Hymy itself shows the question on its own page, soon, every time.
        "pathPattern": "" if preview else widget.path_pattern,
        "delaySeconds": min(widget.delay_seconds, 2) if preview else widget.delay_seconds,
        "waitDays": 0 if preview else widget.wait_days,
        "defaultLanguage": widget.organization.default_language,
        "question": _question_config(widget.survey),
        "labels": {code: _widget_labels(code) for code in SURVEY_LANGUAGES},
    }
    script = render_to_string("surveys/widget.js", {"config_json": _json_for_script(config)})
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    # Cached briefly by browsers; a change in the widget's settings shows within five minutes.
    response["Cache-Control"] = "public, max-age=300"
    response["Vary"] = "Referer"
    return response


def _script_that_does_nothing(reason: str) -> HttpResponse:
    response = HttpResponse(f"/* Hymy: {reason}. */", content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def _is_own_origin(request, origin: str) -> bool:
    """Hymy's own pages (the widget preview) may always show and answer the widget."""
    return bool(origin) and origin == f"{request.scheme}://{request.get_host()}"


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


def _json_for_script(value) -> str:
    """JSON that is safe inside a script: no way to close the script or start markup."""
    return json.dumps(value).replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")


def _widget_labels(language: str) -> dict:
    with translation.override(language):
        return {
            "close": translation.gettext("Close"),
            "send": translation.gettext("Send"),
            "skip": translation.gettext("No thanks"),
            "thanks": translation.gettext("Thank you!"),
        }


@csrf_exempt
@ratelimit(key="ip", rate=settings.WIDGET_RATE_LIMIT, method="POST", block=False)
def widget_answer(request, token):
    widget = _widget(token)
    if request.method == "OPTIONS":
        return _cors(HttpResponse(status=204), request, widget)
    if request.method != "POST":
        return _cors(_problem(405, "Use POST."), request, widget)
    origin = request.headers.get("Origin", "")
    if origin and not (widget.allows_origin(origin) or _is_own_origin(request, origin)):
        return _problem(403, "This website may not send answers to this widget.")
    if getattr(request, "limited", False):
        response = _problem(429, "Too many answers from this address. Try again in a minute.")
        response["Retry-After"] = "60"
        return _cors(response, request, widget)
    result = _submit(
        request,
        survey=widget.survey,
        source=ResponseSource.WIDGET,
        touchpoint=widget.touchpoint,
        language=widget.organization.default_language,
    )
    return _cors(result, request, widget)
