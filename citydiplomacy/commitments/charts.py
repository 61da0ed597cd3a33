"""Charts drawn as plain SVG: the template gets coordinates, no script runs in the page."""

from typing import Any

from citydiplomacy.commitments.models import Commitment
from citydiplomacy.commitments.progress import Point, Progress
from citydiplomacy.core.charts import Chart, Scale, add_ticks


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
    scale = Scale(years, values)
    line = " ".join(f"{scale.x(p.year)},{scale.y(p.value or 0)}" for p in ends)
    chart.lines.append({"points": line, "class": "trajectory", "label": "straight-line trajectory"})
    chart.dots = [_dot(scale, p) for p in points]
    chart.dots += [{**_dot(scale, p), "class": p.kind} for p in ends]
    add_ticks(chart, scale)
    chart.empty = False
    return chart


def series_chart(points: list[Point]) -> Chart:
    """Emissions over accounting years (one figure per year)."""
    chart = Chart()
    if not points:
        return chart
    scale = Scale([p.year for p in points], [p.value or 0 for p in points])
    chart.lines.append(
        {
            "points": " ".join(f"{scale.x(p.year)},{scale.y(p.value or 0)}" for p in points),
            "class": "series",
            "label": "emissions",
        }
    )
    chart.dots = [_dot(scale, p) for p in points]
    add_ticks(chart, scale)
    chart.empty = False
    return chart


def _dot(scale: Scale, point: Point) -> dict[str, Any]:
    value = point.value or 0
    return {
        "x": scale.x(point.year),
        "y": scale.y(value),
        "class": point.kind,
        "label": f"{point.year}: {value:,.0f} t CO2e ({point.reported_in or point.kind})",
    }
