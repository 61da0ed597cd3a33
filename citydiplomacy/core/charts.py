"""Line charts drawn as plain SVG by templates: the code computes coordinates and tick
labels, no script runs in the page and no inline style is needed (the CSP forbids both)."""

from dataclasses import dataclass, field
from typing import Any

WIDTH, HEIGHT, PAD = 640, 260, 48


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    lines: list[dict[str, Any]] = field(default_factory=list)  # {points: "x,y x,y", class}
    dots: list[dict[str, Any]] = field(default_factory=list)  # {x, y, label, class}
    x_ticks: list[dict[str, Any]] = field(default_factory=list)
    y_ticks: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how to read it, for the caption
    empty: bool = True


class Scale:
    """Years across, values up from zero (5% headroom above the largest value)."""

    def __init__(self, years: list[int], values: list[float]) -> None:
        self.y0, self.y1 = min(years), max(years)
        if self.y0 == self.y1:
            self.y1 += 1
        self.v1 = max(values) * 1.05 or 1.0

    def x(self, year: float) -> float:
        return round(PAD + (year - self.y0) / (self.y1 - self.y0) * (WIDTH - 2 * PAD), 1)

    def y(self, value: float) -> float:
        return round(HEIGHT - PAD - value / self.v1 * (HEIGHT - 2 * PAD), 1)


def add_ticks(chart: Chart, scale: Scale) -> None:
    step = max(1, (scale.y1 - scale.y0) // 8)
    chart.x_ticks = [{"x": scale.x(y), "label": y} for y in range(scale.y0, scale.y1 + 1, step)]
    chart.y_ticks = [
        {"y": scale.y(scale.v1 * i / 4), "label": f"{scale.v1 * i / 4:,.0f}"} for i in range(5)
    ]
