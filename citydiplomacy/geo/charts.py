"""The population chart of a city's profile: every series on one pair of axes, drawn as
plain SVG by the template (the table under it is its twin and keeps every figure)."""

from typing import Any

from citydiplomacy.core.charts import Chart, Scale, add_ticks

# One colour per series, told apart from each other on white (SVG presentation attributes:
# the CSP forbids inline styles).
PALETTE = ("#1f6feb", "#d4622a", "#2a9d4b", "#8250df", "#9a6700", "#555555")


def _compact(value: float) -> str:
    if value >= 1_000_000:
        return f"{value / 1_000_000:.1f} M"
    if value >= 1_000:
        return f"{value / 1_000:.0f} k"
    return f"{value:.0f}"


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
