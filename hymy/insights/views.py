from django.shortcuts import render

from hymy.journeys.selectors import touchpoint_list
from hymy.surveys.choices import ResponseSource
from hymy.tenancy.decorators import requires
from hymy.tenancy.permissions import VIEW_SURVEYS

from . import selectors
from .charts import trend_chart

PERIODS = [7, 30, 90, 365]
SCALES = {"points": (-100, 100), "%": (0, 100)}


def _period(request) -> tuple[int, selectors.Period]:
    try:
        days = int(request.GET.get("days", 30))
    except ValueError:
        days = 30
    days = days if days in PERIODS else 30
    return days, selectors.Period.last_days(days)


def _cut(request, organization, membership) -> dict:
    touchpoints = touchpoint_list(organization=organization, membership=membership)
    touchpoint = (
        touchpoints.filter(pk=request.GET.get("touchpoint") or 0).first()
        if request.GET.get("touchpoint", "").isdigit()
        else None
    )
    channel = request.GET.get("channel", "")
    return {
        "touchpoint_id": touchpoint.pk if touchpoint else None,
        "channel": channel if channel in ResponseSource.values else "",
    }


@requires(VIEW_SURVEYS)
def overview(request, org_slug):
    """The organisation's figures for a period, each with n, its interval and the change."""
    organization, membership = request.organization, request.membership
    days, period = _period(request)
    cut = _cut(request, organization, membership)
    figures = selectors.metric_figures(organization=organization, membership=membership, period=period, **cut)
    main = figures[0] if figures else None
    chart = None
    if main is not None:
        bucket = "week" if days <= 90 else "month"
        points = selectors.trend(
            organization=organization,
            membership=membership,
            spec=main.spec,
            period=period,
            bucket=bucket,
            **cut,
        )
        chart = trend_chart(points, low=SCALES[main.spec.unit][0], high=SCALES[main.spec.unit][1])
    context = {
        "days": days,
        "periods": PERIODS,
        "period": period,
        "figures": figures,
        "main": main,
        "chart": chart,
        "response_rate": selectors.response_rate(
            organization=organization, membership=membership, period=period
        ),
        "touchpoint_rows": selectors.touchpoint_table(
            organization=organization, membership=membership, spec=main.spec, period=period
        )
        if main
        else [],
        "comments": selectors.latest_comments(
            organization=organization, membership=membership, period=period, **cut
        ),
        "touchpoints": touchpoint_list(organization=organization, membership=membership),
        "channels": ResponseSource.choices,
        "cut": cut,
    }
    return render(request, "insights/overview.html", context)


@requires(VIEW_SURVEYS)
def wallboard(request, org_slug):
    """For a TV in the office: today's and this week's figures and the newest words, successes first."""
    organization, membership = request.organization, request.membership
    today = selectors.Period.last_days(1)
    week = selectors.Period.last_days(7)
    comments = selectors.latest_comments(
        organization=organization, membership=membership, period=week, limit=12
    )
    comments.sort(key=lambda answer: -(answer.score if answer.score is not None else -1))
    context = {
        "today": selectors.metric_figures(organization=organization, membership=membership, period=today),
        "week": selectors.metric_figures(organization=organization, membership=membership, period=week),
        "comments": comments,
    }
    return render(request, "insights/wallboard.html", context)
