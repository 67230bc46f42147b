"""The figures page's touchpoint table as a file: the same metric, period and touchpoints as the page.

The page's table shows its main metric (the first of the period's figures for the chosen cut) for
every touchpoint the member may see, counted for that cut (a segment's own answers); so does the
file. Values and interval ends are rounded to one decimal (the page shows whole numbers); a share is
in per cent (0–100), NPS in points (−100…100).
"""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from hymy.core.exports import export_format, export_table
from hymy.tenancy.models import Membership, Organization

from . import selectors
from .models import TargetLevel


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def touchpoint_table_export(
    *,
    file_format: str,
    organization: Organization,
    membership: Membership,
    period: selectors.Period,
    figures: list[selectors.MetricFigure],
    cut: dict,
) -> HttpResponse:
    """`figures` are the page's own (`selectors.metric_figures` for its period and `cut`); the rows are
    cut the same way."""
    file_format = export_format(file_format)
    main = figures[0] if figures else None
    rows = (
        selectors.touchpoint_table(
            organization=organization, membership=membership, spec=main.spec, period=period, **cut
        )
        if main
        else []
    )
    levels = dict(TargetLevel.choices)
    headers = [
        _("Touchpoint"),
        _("Experience tier"),
        str(main.spec.label) if main else _("Value"),
        _("Answers"),
        _("Lower end (95 %)"),
        _("Upper end (95 %)"),
        _("Level"),
    ]
    return export_table(
        file_format=file_format,
        what="touchpoints",
        title=_("Figures"),
        organization=organization,
        headers=headers,
        rows=(
            [
                row.touchpoint.name,
                row.touchpoint.get_tier_display(),
                _rounded(row.estimate.value),
                row.estimate.n,
                _rounded(row.estimate.low),
                _rounded(row.estimate.high),
                "" if row.level is None else str(levels.get(row.level, _("Below target"))),
            ]
            for row in rows
        ),
    )


QUADRANTS = {
    "fix": _lazy("Fix first"),
    "keep": _lazy("Keep it up"),
    "extra": _lazy("Do not overdo"),
    "later": _lazy("Later"),
}


def priorities_export(*, file_format: str, organization: Organization, rows: list) -> HttpResponse:
    """The priority matrix's table: the page's rows (`matrix.priority_matrix`), in its order."""
    headers = [
        _("Touchpoint"),
        _("Experience tier"),
        _("Performance"),
        _("Answers"),
        _("Lower end (95 %)"),
        _("Upper end (95 %)"),
        _("Tied to NPS"),
        _("Priority"),
        _("What to fix first"),
    ]
    return export_table(
        file_format=file_format,
        what="priorities",
        title=_("Priorities"),
        organization=organization,
        headers=headers,
        rows=(
            [
                row.touchpoint.name,
                row.touchpoint.get_tier_display(),
                _rounded(row.performance.value),
                row.performance.n,
                _rounded(row.performance.low),
                _rounded(row.performance.high),
                _rounded(row.derived_importance),
                row.touchpoint.priority,
                str(QUADRANTS[row.quadrant]),
            ]
            for row in rows
        ),
    )


def cohorts_export(*, file_format: str, organization: Organization, cohorts: list, horizons) -> HttpResponse:
    """Retention by month of first purchase: one row per cohort, the share still active per horizon."""
    headers = [_("First purchase"), _("Customers")]
    for months in horizons:
        label = ngettext("After %(months)s month", "After %(months)s months", months) % {"months": months}
        headers += [label, f"{label}: {_('Lower end (95 %)')}", f"{label}: {_('Upper end (95 %)')}"]
    rows = []
    for cohort in cohorts:
        row = [cohort.month, cohort.n]
        for cell in cohort.cells:
            row += [None, None, None] if cell is None else [
                _rounded(cell.value), _rounded(cell.low), _rounded(cell.high)
            ]  # fmt: skip
        rows.append(row)
    return export_table(
        file_format=file_format,
        what="retention",
        title=_("Loyalty"),
        organization=organization,
        headers=headers,
        rows=rows,
    )


def targets_export(*, file_format: str, organization: Organization, targets) -> HttpResponse:
    """The targets page's table: `selectors.target_list`, one row per metric and context."""
    labels = {metric.key: str(metric.label) for metric in selectors.METRICS}
    return export_table(
        file_format=file_format,
        what="targets",
        title=_("Targets"),
        organization=organization,
        headers=[_("Metric"), _("Touchpoint"), _("Good from"), _("Excellent from"), _("The very best from")],
        rows=(
            [
                labels.get(target.metric, target.metric),
                target.touchpoint.name if target.touchpoint_id else _("The whole organisation"),
                target.good,
                target.excellent,
                target.best,
            ]
            for target in targets
        ),
    )
