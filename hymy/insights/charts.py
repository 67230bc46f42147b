"""Trend charts drawn on the server as SVG: a line with its 95 % interval as a band.

Drawn by hand rather than with a JavaScript chart library: the chart is a few dozen coordinates,
it then prints, works without JavaScript, and reads the same in every language.
"""

from dataclasses import dataclass

from django.utils import formats


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    line: str  # SVG points of the value
    band: str  # SVG points of the interval, upper edge then lower edge back
    points: list[dict]  # each point: x, y, label, value, n
    y_ticks: list[dict]


def trend_chart(points, *, low: float, high: float, width: int = 640, height: int = 200) -> TrendChart | None:
    """Coordinates for `points` (TrendPoint) on a fixed scale low…high (e.g. −100…100 for NPS)."""
    drawn = [point for point in points if point.estimate.value is not None]
    if not drawn:
        return None
    left, right, top, bottom = 40, 10, 10, 24
    inner_width, inner_height = width - left - right, height - top - bottom

    def x(index: int) -> float:
        return left + (inner_width * index / max(1, len(drawn) - 1) if len(drawn) > 1 else inner_width / 2)

    def y(value: float) -> float:
        return top + inner_height * (high - value) / (high - low)

    coordinates = []
    for index, point in enumerate(drawn):
        estimate = point.estimate
        coordinates.append(
            {
                "x": round(x(index), 1),
                "y": round(y(estimate.value), 1),
                "y_low": round(y(estimate.low if estimate.low is not None else estimate.value), 1),
                "y_high": round(y(estimate.high if estimate.high is not None else estimate.value), 1),
                "label": formats.date_format(point.start, "SHORT_DATE_FORMAT"),
                "value": estimate.value,
                "n": estimate.n,
            }
        )
    line = " ".join(f"{point['x']},{point['y']}" for point in coordinates)
    band = " ".join(
        [f"{point['x']},{point['y_high']}" for point in coordinates]
        + [f"{point['x']},{point['y_low']}" for point in reversed(coordinates)]
    )
    ticks = [
        {"y": round(y(value), 1), "label": formats.number_format(value, decimal_pos=0)}
        for value in _ticks(low, high)
    ]
    return TrendChart(width, height, line, band, coordinates, ticks)


def _ticks(low: float, high: float) -> list[float]:
    step = (high - low) / 4
    return [low + step * index for index in range(5)]
