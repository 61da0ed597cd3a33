"""The population chart of a city's profile: every series on one pair of axes, drawn as
plain SVG by the template (the table under it is its twin and keeps every figure)."""

import math
from typing import Any

from citydiplomacy.core.charts import Chart, Scale, add_ticks

# One colour per series, told apart from each other on white (SVG presentation attributes:
# the CSP forbids inline styles).
PALETTE = ("#1f6feb", "#d4622a", "#2a9d4b", "#8250df", "#9a6700", "#555555")


def _compact(value: float) -> str:
    for size, unit in ((1_000_000, "M"), (1_000, "k")):
        if value >= size:
            return f"{value / size:.1f}".removesuffix(".0") + f" {unit}"
    return f"{value:.0f}"


def _round_top(value: float) -> float:
    """The smallest top of the axis at or above `value` whose four steps are round numbers
    (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten), so the ticks read 0, 1 M, 2 M, ..."""
    step = max(value, 1.0) / 4
    magnitude = 10.0 ** math.floor(math.log10(step))
    return 4 * next(
        m * magnitude for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if m * magnitude >= step
    )


def series_label(series: dict[str, Any]) -> str:
    area = f" “{series['area_name']}”" if series["area_name"] else ""
    return f"{series['kind_label']}{area} ({series['source']['title']})"


def population_chart(series: list[dict[str, Any]]) -> Chart:
    """One line per series (as `geo.views.population_series` gives them), a dot per figure;
    projected figures are hollow dots and say so in their tooltip."""
    chart = Chart()
    figures = [f for s in series for f in s["figures"]]
    if not figures:
        return chart
    scale = Scale([f["year"] for f in figures], [f["population"] for f in figures])
    scale.v1 = _round_top(max(f["population"] for f in figures))
    for index, entry in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        label = series_label(entry)
        coordinates = [(scale.x(f["year"]), scale.y(f["population"])) for f in entry["figures"]]
        chart.lines.append(
            {
                "points": " ".join(f"{x},{y}" for x, y in coordinates),
                "colour": colour,
                "label": label,
            }
        )
        for (x, y), figure in zip(coordinates, entry["figures"], strict=True):
            projected = ", projection" if figure["projected"] else ""
            chart.dots.append(
                {
                    "x": x,
                    "y": y,
                    "colour": colour,
                    "projected": figure["projected"],
                    "label": f"{figure['year']}: {figure['population']:,} ({label}{projected})",
                }
            )
    if any(f["projected"] for f in figures):
        chart.notes.append("hollow dots are projections")
    add_ticks(chart, scale)
    # Short labels fit the left margin ("8.4 M", not "8,400,000").
    for i, tick in enumerate(chart.y_ticks):
        tick["label"] = _compact(scale.v1 * i / (len(chart.y_ticks) - 1))
    chart.empty = False
    return chart
