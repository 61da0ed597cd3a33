"""Charts drawn as plain SVG: the template gets coordinates, no script runs in the page."""

from dataclasses import dataclass, field
from typing import Any

from citydiplomacy.commitments.models import Commitment
from citydiplomacy.commitments.progress import Point, Progress

WIDTH, HEIGHT, PAD = 640, 260, 48


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    lines: list[dict[str, Any]] = field(default_factory=list)  # {points: "x,y x,y", class}
    dots: list[dict[str, Any]] = field(default_factory=list)  # {x, y, label, class}
    x_ticks: list[dict[str, Any]] = field(default_factory=list)
    y_ticks: list[dict[str, Any]] = field(default_factory=list)
    empty: bool = True


class _Scale:
    def __init__(self, years: list[int], values: list[float]) -> None:
        self.y0, self.y1 = min(years), max(years)
        if self.y0 == self.y1:
            self.y1 += 1
        self.v1 = max(values) * 1.05 or 1.0

    def x(self, year: float) -> float:
        return round(PAD + (year - self.y0) / (self.y1 - self.y0) * (WIDTH - 2 * PAD), 1)

    def y(self, value: float) -> float:
        return round(HEIGHT - PAD - value / self.v1 * (HEIGHT - 2 * PAD), 1)


def _ticks(chart: Chart, scale: _Scale) -> None:
    step = max(1, (scale.y1 - scale.y0) // 8)
    chart.x_ticks = [{"x": scale.x(y), "label": y} for y in range(scale.y0, scale.y1 + 1, step)]
    chart.y_ticks = [
        {"y": scale.y(scale.v1 * i / 4), "label": f"{scale.v1 * i / 4:,.0f}"} for i in range(5)
    ]


def commitment_chart(commitment: Commitment, progress: Progress) -> Chart:
    """The trajectory from baseline to target, and every reported point."""
    chart = Chart()
    if progress.baseline is None or progress.target is None:
        return chart
    ends = [progress.baseline, progress.target]
    assert all(p.value is not None for p in ends)
    points = progress.points
    years = [p.year for p in [*ends, *points]]
    values = [p.value for p in [*ends, *points] if p.value is not None]
    scale = _Scale(years, values)
    line = " ".join(f"{scale.x(p.year)},{scale.y(p.value or 0)}" for p in ends)
    chart.lines.append({"points": line, "class": "trajectory", "label": "straight-line trajectory"})
    chart.dots = [_dot(scale, p) for p in points]
    chart.dots += [{**_dot(scale, p), "class": p.kind} for p in ends]
    _ticks(chart, scale)
    chart.empty = False
    return chart


def series_chart(points: list[Point]) -> Chart:
    """Emissions over accounting years (one figure per year)."""
    chart = Chart()
    if not points:
        return chart
    scale = _Scale([p.year for p in points], [p.value or 0 for p in points])
    chart.lines.append(
        {
            "points": " ".join(f"{scale.x(p.year)},{scale.y(p.value or 0)}" for p in points),
            "class": "series",
            "label": "emissions",
        }
    )
    chart.dots = [_dot(scale, p) for p in points]
    _ticks(chart, scale)
    chart.empty = False
    return chart


def _dot(scale: _Scale, point: Point) -> dict[str, Any]:
    value = point.value or 0
    return {
        "x": scale.x(point.year),
        "y": scale.y(value),
        "class": point.kind,
        "label": f"{point.year}: {value:,.0f} t CO2e ({point.reported_in or point.kind})",
    }
