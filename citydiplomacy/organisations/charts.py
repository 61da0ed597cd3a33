"""An organisation's members over time: how many cities joined and left each year, as a
table (the page's and the JSON's twin) and as a plain SVG chart drawn by the template."""

import math
from typing import Any

from citydiplomacy.core.charts import Chart, Scale, add_ticks
from citydiplomacy.core.partial_dates import year_of

# SVG presentation attributes (the CSP forbids inline styles): joined green, left red.
JOINED_COLOUR, LEFT_COLOUR = "#2a9d4b", "#b3261e"


def membership_timeline(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Per year from the first to the last known date: memberships that began (`joined`) and
    ended (`left`) that year, and those in force at its end (`members`: joined up to then and
    not left). Memberships with no known start are counted apart (`joined_unknown`): they are
    in none of the years, as their start could be any."""
    joined: dict[int, int] = {}
    left: dict[int, int] = {}
    unknown = 0
    for row in rows:
        start, end = year_of(row["joined"]), year_of(row["left"])
        if start is None:
            unknown += 1
            continue
        joined[start] = joined.get(start, 0) + 1
        if end is not None:
            left[end] = left.get(end, 0) + 1
    years = sorted({*joined, *left})
    table = []
    members = 0
    for year in range(years[0], years[-1] + 1) if years else ():
        members += joined.get(year, 0) - left.get(year, 0)
        table.append(
            {
                "year": year,
                "joined": joined.get(year, 0),
                "left": left.get(year, 0),
                "members": members,
            }
        )
    return {"years": table, "joined_unknown": unknown}


def membership_chart(timeline: dict[str, Any]) -> Chart:
    """Two lines over the years: memberships begun and ended each year, a dot per year
    with its figures in the tooltip."""
    chart = Chart()
    years = timeline["years"]
    if not years:
        return chart
    peak = max(max(y["joined"], y["left"]) for y in years)
    scale = Scale([y["year"] for y in years], [peak or 1])
    # A top that is a multiple of 4 puts the five ticks on whole numbers of memberships.
    scale.v1 = max(4, math.ceil(peak * 1.05 / 4) * 4)
    for key, colour, label in (
        ("joined", JOINED_COLOUR, "joined that year"),
        ("left", LEFT_COLOUR, "left that year"),
    ):
        coordinates = [(scale.x(y["year"]), scale.y(y[key])) for y in years]
        chart.lines.append(
            {
                "points": " ".join(f"{x},{y}" for x, y in coordinates),
                "colour": colour,
                "label": label,
            }
        )
        for (x, y), entry in zip(coordinates, years, strict=True):
            chart.dots.append(
                {
                    "x": x,
                    "y": y,
                    "colour": colour,
                    "projected": False,
                    "label": f"{entry['year']}: {entry[key]:,} {label}",
                }
            )
    if timeline["joined_unknown"]:
        chart.notes.append(f"{timeline['joined_unknown']:,} memberships with no known start")
    add_ticks(chart, scale)
    chart.empty = False
    return chart
