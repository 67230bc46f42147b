from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hymy.core.forms import form_add_service_errors
from hymy.customers.selectors import encounter_list
from hymy.tenancy.decorators import requires
from hymy.tenancy.permissions import CHANGE_JOURNEY, VIEW_JOURNEY, VIEW_SURVEYS
from hymy.tenancy.selectors import partner_list

from . import selectors, services
from .exports import encounter_export
from .forms import StageForm, TouchpointForm


@requires(VIEW_JOURNEY)
def journey_map(request, org_slug):
    organization, membership = request.organization, request.membership
    context = {
        "stages": selectors.journey_map(organization=organization, membership=membership),
        "priority_list": selectors.touchpoint_list(organization=organization, membership=membership),
        "performance": _performance(organization, membership),
    }
    return render(request, "journeys/journey_map.html", context)


def _performance(organization, membership) -> dict:
    """Each touchpoint's main figure over the last 90 days, to colour the map by how it performs."""
    from hymy.insights import selectors as insights

    return insights.journey_performance(
        organization=organization, membership=membership, period=insights.Period.last_days(90)
    )


def _touchpoint_form(request, organization, **kwargs):
    return TouchpointForm(
        request.POST if request.method == "POST" else None,
        stages=selectors.stage_list(organization=organization),
        partners=partner_list(organization=organization),
        **kwargs,
    )


@requires(CHANGE_JOURNEY)
def touchpoint_create(request, org_slug):
    organization = request.organization
    form = _touchpoint_form(request, organization, initial={"stage": request.GET.get("stage")})
    if request.method == "POST" and form.is_valid():
        try:
            touchpoint = services.touchpoint_create(organization=organization, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Touchpoint %(name)s added.") % {"name": touchpoint.name})
            return redirect("journey_map", org_slug=org_slug)
    return render(request, "journeys/touchpoint_form.html", {"form": form, "touchpoint": None})


@requires(CHANGE_JOURNEY)
def touchpoint_edit(request, org_slug, pk):
    organization = request.organization
    touchpoint = selectors.touchpoint_get(organization=organization, membership=request.membership, pk=pk)
    initial = {
        "name": touchpoint.name,
        "stage": touchpoint.stage_id,
        "channel": touchpoint.channel,
        "tier": touchpoint.tier,
        "partner": touchpoint.partner_id,
        "expectations": touchpoint.expectations,
        "is_active": touchpoint.is_active,
    }
    form = _touchpoint_form(request, organization, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.touchpoint_update(touchpoint=touchpoint, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Touchpoint %(name)s saved.") % {"name": touchpoint.name})
            return redirect("touchpoint_detail", org_slug=org_slug, pk=touchpoint.pk)
    return render(request, "journeys/touchpoint_form.html", {"form": form, "touchpoint": touchpoint})


@requires(VIEW_JOURNEY)
def touchpoint_detail(request, org_slug, pk):
    organization, membership = request.organization, request.membership
    touchpoint = selectors.touchpoint_get(organization=organization, membership=membership, pk=pk)
    encounters = encounter_list(organization=organization, membership=membership).filter(touchpoint=touchpoint)
    if request.GET.get("export"):  # ?export=csv|xlsx: every encounter here, as a file
        return encounter_export(
            file_format=request.GET["export"],
            organization=organization,
            touchpoint=touchpoint,
            encounters=encounters,
        )
    context = {
        "touchpoint": touchpoint,
        "encounters": encounters.order_by("-started_at")[:30],
        # Figures are for those who may see survey answers, as on the Figures page.
        **(_trend(organization, membership, touchpoint) if membership.can(VIEW_SURVEYS) else {}),
    }
    return render(request, "journeys/touchpoint_detail.html", context)


def _trend(organization, membership, touchpoint) -> dict:
    """The touchpoint's main metric by week over the same 90 days as the journey map's colours."""
    from hymy.insights import charts
    from hymy.insights import selectors as insights

    figure, points = insights.touchpoint_trend(
        organization=organization,
        membership=membership,
        touchpoint_id=touchpoint.pk,
        period=insights.Period.last_days(90),
        bucket="week",
    )
    if figure is None:
        return {}
    return {"figure": figure, "chart": charts.trend_chart(points, spec=figure.spec, bucket="week")}


@require_POST
@requires(CHANGE_JOURNEY)
def touchpoint_move(request, org_slug, pk):
    touchpoint = selectors.touchpoint_get(organization=request.organization, membership=request.membership, pk=pk)
    services.touchpoint_move(touchpoint=touchpoint, offset=-1 if request.POST.get("direction") == "up" else 1)
    return redirect(_safe_next(request) or reverse("journey_map", kwargs={"org_slug": org_slug}))


@require_POST
@requires(CHANGE_JOURNEY)
def touchpoint_reorder(request, org_slug):
    """The drag-and-drop order from the priority list: ids, most important first."""
    try:
        ordered_ids = [int(value) for value in request.POST.getlist("touchpoint")]
        services.touchpoint_reorder(organization=request.organization, ordered_ids=ordered_ids)
    except (ValueError, ValidationError):
        messages.error(request, _("The new order could not be saved. Reload the page and try again."))
    return redirect("journey_map", org_slug=org_slug)


@requires(CHANGE_JOURNEY)
def stage_create(request, org_slug):
    form = StageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.stage_create(organization=request.organization, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect("journey_map", org_slug=org_slug)
    return render(request, "journeys/stage_form.html", {"form": form, "stage": None})


@requires(CHANGE_JOURNEY)
def stage_edit(request, org_slug, pk):
    stage = selectors.stage_get(organization=request.organization, pk=pk)
    form = StageForm(request.POST or None, initial={"name": stage.name, "description": stage.description})
    if request.method == "POST" and form.is_valid():
        try:
            services.stage_update(stage=stage, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect("journey_map", org_slug=org_slug)
    return render(request, "journeys/stage_form.html", {"form": form, "stage": stage})


@require_POST
@requires(CHANGE_JOURNEY)
def stage_move(request, org_slug, pk):
    stage = selectors.stage_get(organization=request.organization, pk=pk)
    services.stage_move(stage=stage, offset=-1 if request.POST.get("direction") == "left" else 1)
    return redirect("journey_map", org_slug=org_slug)


def _safe_next(request) -> str:
    """The `next` address if it points back into this site, else nothing."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return ""
