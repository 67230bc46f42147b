from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hymy.core.forms import form_add_service_errors
from hymy.customers.selectors import tag_list
from hymy.journeys.selectors import stage_list, touchpoint_list
from hymy.surveys.choices import ResponseSource
from hymy.surveys.models import SURVEY_LANGUAGES
from hymy.surveys.selectors import survey_list
from hymy.tenancy.decorators import requires
from hymy.tenancy.models import User
from hymy.tenancy.permissions import CHANGE_INSIGHTS, VIEW_SURVEYS
from hymy.tenancy.selectors import partner_list

from . import exports, matrix, selectors, services
from .charts import matrix_chart, trend_chart
from .forms import TargetForm

PERIODS = [7, 30, 90, 365]
BUCKETS = ["day", "week", "month"]


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
        "stage_id": _own_pk(request, "stage", stage_list(organization=organization)),
        "survey_id": _own_pk(request, "survey", survey_list(organization=organization)),
        "partner_id": _own_pk(request, "partner", partner_list(organization=organization)),
        "staff_id": _own_pk(request, "staff", _staff(organization)),
        "language": request.GET.get("language") if request.GET.get("language") in SURVEY_LANGUAGES else "",
        **segment(request, organization),
    }


def segment(request, organization) -> dict:
    """The customer segment asked for in the address: `?tag=` (one of the organisation's tags) and
    `?attribute=key:value`; shared by the figures and the loyalty page."""
    return {
        "tag": tag_list(organization=organization)
        .filter(name=request.GET.get("tag", ""))
        .values_list("name", flat=True)
        .first()
        or "",
        "attribute": _attribute(request),
    }


def segment_filter_context(organization, chosen: dict) -> dict:
    """What `insights/_segment_filter.html` needs to draw the tag and attribute choices."""
    return {
        "tags": tag_list(organization=organization),
        "segments": _segments_with(
            selectors.segment_attributes(organization=organization), chosen["attribute"]
        ),
        "attribute": ":".join(chosen["attribute"]) if chosen["attribute"] else "",
    }


def _attribute(request) -> tuple[str, str] | None:
    """A customer segment by custom attribute, given as `?attribute=key:value`."""
    return selectors.segment_attribute_of(request.GET.get("attribute", ""))


def _segments_with(segments: list, attribute: tuple[str, str] | None) -> list:
    """The segment list for the filter, with the chosen one in it even if it is not a common value."""
    if attribute and not any(key == attribute[0] and attribute[1] in values for key, values in segments):
        segments = [*segments, (attribute[0], [attribute[1]])]
    return segments


def _staff(organization):
    """The organisation's people, as the users who may have served customers."""
    return User.objects.filter(memberships__organization=organization).order_by("full_name", "email")


def _own_pk(request, name: str, queryset) -> int | None:
    """The id given in the address, if it is one of this organisation's rows."""
    value = request.GET.get(name, "")
    if not value.isdigit():
        return None
    return queryset.filter(pk=int(value)).values_list("pk", flat=True).first()


@requires(VIEW_SURVEYS)
def overview(request, org_slug):
    """The organisation's figures for a period, each with n, its interval and the change."""
    organization, membership = request.organization, request.membership
    days, period = _period(request)
    cut = _cut(request, organization, membership)
    figures = selectors.metric_figures(organization=organization, membership=membership, period=period, **cut)
    if request.GET.get("export"):  # ?export=csv|xlsx: the touchpoint table below, as a file
        return exports.touchpoint_table_export(
            file_format=request.GET["export"],
            organization=organization,
            membership=membership,
            period=period,
            figures=figures,
            cut=cut,
        )
    main = figures[0] if figures else None
    chart = None
    if main is not None:
        bucket = request.GET.get("bucket", "")
        if bucket not in BUCKETS:
            bucket = "week" if days <= 90 else "month"
        points = selectors.trend(
            organization=organization,
            membership=membership,
            spec=main.spec,
            period=period,
            bucket=bucket,
            **cut,
        )
        chart = trend_chart(points, spec=main.spec, bucket=bucket)
    context = {
        "days": days,
        "periods": PERIODS,
        "period": period,
        "figures": figures,
        "main": main,
        "chart": chart,
        "bucket": bucket if main is not None else "",
        "buckets": [("day", _("by day")), ("week", _("by week")), ("month", _("by month"))],
        "response_rate": selectors.response_rate(
            organization=organization, membership=membership, period=period, **cut
        ),
        "touchpoint_rows": selectors.touchpoint_table(
            organization=organization, membership=membership, spec=main.spec, period=period, **cut
        )
        if main
        else [],
        "comments": selectors.latest_comments(
            organization=organization, membership=membership, period=period, **cut
        ),
        "touchpoints": touchpoint_list(organization=organization, membership=membership),
        "stages": stage_list(organization=organization),
        "partners": partner_list(organization=organization) if not membership.is_partner else [],
        "languages": [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))],
        **segment_filter_context(organization, cut),
        "staff": _staff(organization) if not membership.is_partner else [],
        "surveys": survey_list(organization=organization),
        "channels": ResponseSource.choices,
        "cut": cut,
        "has_cut": any(cut.values()),
        "longer_days": _longer_period_with_answers(organization, membership, days)
        if not _has_answers(figures) and not any(cut.values())
        else None,
    }
    return render(request, "insights/overview.html", context)


def _longer_period_with_answers(organization, membership, days: int) -> int | None:
    """The shortest longer period that has answers, for an empty page: a small business may have had
    no answers this month and many over the year, and "no answers yet" would then mislead."""
    for longer in (option for option in PERIODS if option > days):
        period = selectors.Period.last_days(longer)
        if _has_answers(selectors.metric_figures(organization=organization, membership=membership, period=period)):
            return longer
    return None


def _has_answers(figures) -> bool:
    """Whether any figure has answers in its period (a figure is also listed for the previous period's)."""
    return any(figure.estimate.n for figure in figures)


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
        "today": _successes_first(
            selectors.metric_figures(organization=organization, membership=membership, period=today)
        ),
        "week": _successes_first(
            selectors.metric_figures(organization=organization, membership=membership, period=week)
        ),
        "comments": comments,
    }
    return render(request, "insights/wallboard.html", context)


def _successes_first(figures: list) -> list:
    """Figures at a target level, or significantly up from the previous period, before the rest (seed 004:
    celebrate successes in the visible tracking); otherwise in the usual order."""

    def is_success(figure) -> bool:
        improved = figure.change.is_significant and (figure.change.difference or 0) > 0
        return bool(figure.level) or improved

    return sorted(figures, key=lambda figure: not is_success(figure))


@requires(VIEW_SURVEYS)
def target_list(request, org_slug):
    """Targets per metric and context: GOOD, EXCELLENT and THE VERY BEST (seed 004)."""
    organization, membership = request.organization, request.membership
    if request.GET.get("export"):  # ?export=csv|xlsx: the targets, as a file
        return exports.targets_export(
            file_format=request.GET["export"],
            organization=organization,
            targets=selectors.target_list(organization=organization),
        )
    touchpoints = touchpoint_list(organization=organization, membership=membership)
    form = TargetForm(request.POST or None, touchpoints=touchpoints)
    if request.method == "POST":
        if not membership.can(CHANGE_INSIGHTS):
            raise PermissionDenied
        if request.POST.get("delete", "").isdigit():
            services.target_delete(organization=organization, pk=int(request.POST["delete"]))
            return redirect("insights_targets", org_slug=org_slug)
        if form.is_valid():
            try:
                services.target_set(organization=organization, **form.cleaned_data)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("Target saved."))
                return redirect("insights_targets", org_slug=org_slug)
    context = {
        "targets": selectors.target_list(organization=organization),
        "metric_labels": {metric.key: metric.label for metric in selectors.METRICS},
        "form": form,
    }
    return render(request, "insights/targets.html", context)


@requires(VIEW_SURVEYS)
def priorities(request, org_slug):
    """The touchpoint priority matrix: importance against performance, 'fix first' on top."""
    organization, membership = request.organization, request.membership
    days, period = _period(request)
    rows = matrix.priority_matrix(organization=organization, membership=membership, period=period)
    if request.GET.get("export"):  # ?export=csv|xlsx: the table below, as a file
        return exports.priorities_export(
            file_format=request.GET["export"], organization=organization, rows=rows
        )
    context = {
        "days": days,
        "periods": PERIODS,
        "period": period,
        "rows": rows,
        "chart": matrix_chart(rows, strong=matrix.STRONG_PERFORMANCE),
        "comments": selectors.latest_comments(
            organization=organization, membership=membership, period=period
        ),
        "min_pairs": matrix.MIN_PAIRS,
        "strong": matrix.STRONG_PERFORMANCE,
    }
    return render(request, "insights/priorities.html", context)
