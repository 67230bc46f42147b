"""What the browser charts draw: the data for hymy/static/hymy/charts.js (on the vendored Chart.js).

The server decides everything a reader sees — which points, the metric's fixed scale, dates formatted as the
rest of the page formats them, and every word in the reader's language — and hands it over with
`json_script`; the script only draws. The same points go into a table beside the chart, so the figures
are there for a screen reader and without JavaScript.

Honesty stays with the words around the chart: a point is drawn only when it has a value, its band only
when there are enough answers for an interval, and a point with too few answers is drawn hollow and says
so in its tooltip.
"""

from django.utils import formats
from django.utils.translation import gettext as _

from .selectors import MetricSpec, TrendPoint

# Each unit's fixed scale, so that the eye does not read a small change on a zoomed axis as a big one.
SCALES = {"points": (-100, 100), "%": (0, 100)}


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def trend_chart(points: list[TrendPoint], *, spec: MetricSpec, bucket: str) -> dict | None:
    """The trend of one metric with its 95 % interval, or None when no point has a value to draw."""
    drawn = [point for point in points if point.estimate.value is not None]
    if not drawn:
        return None
    low, high = SCALES.get(spec.unit, (None, None))
    date_format = "YEAR_MONTH_FORMAT" if bucket == "month" else "SHORT_DATE_FORMAT"
    return {
        "kind": "trend",
        "min": low,
        "max": high,
        "suffix": " %" if spec.unit == "%" else "",
        "points": [
            {
                "label": formats.date_format(point.start, date_format),
                "value": _rounded(point.estimate.value),
                "low": _rounded(point.estimate.low),
                "high": _rounded(point.estimate.high),
                "n": point.estimate.n,
                "too_few": point.estimate.is_too_few,
            }
            for point in drawn
        ],
        "text": {
            "value": str(spec.label),
            "y": str(spec.label),
            "x": {"day": _("Day"), "week": _("Week starting"), "month": _("Month")}.get(bucket, ""),
            # xgettext:no-python-format
            "interval": _("95 % range"),
            "n": _("Answers"),
            "too_few": _("Too few answers to say much."),
        },
    }


def matrix_chart(rows: list, *, strong: float) -> dict | None:
    """The priority matrix (matrix.MatrixRow): importance across, performance up, 'fix first' bottom right."""
    drawn = [row for row in rows if row.performance.value is not None]
    if not drawn:
        return None
    return {
        "kind": "matrix",
        "strong": strong,
        "suffix": " %",
        "points": [
            {
                "label": row.touchpoint.name,
                "x": _rounded(row.importance),
                "y": _rounded(row.performance.value),
                "n": row.performance.n,
                "tier": row.touchpoint.tier,
                "quadrant": row.quadrant,
            }
            for row in drawn
        ],
        "text": {
            "x": _("Importance"),
            "y": _("Performance"),
            "n": _("Answers"),
            "fix": _("Fix first"),
            "keep": _("Keep it up"),
            "extra": _("Do not overdo"),
            "later": _("Later"),
        },
    }
