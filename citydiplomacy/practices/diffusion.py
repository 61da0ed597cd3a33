"""The cumulative adoption curve of a practice and a fitted logistic diffusion curve.

The logistic model N(t) = K / (1 + exp(-r (t - t0))) is the classic S-curve of policy
diffusion (Gray 1973): K is the ceiling (how many jurisdictions it will reach), r the
speed, t0 the year of the steepest growth (half the ceiling). Fitted by least squares
(scipy's curve_fit) on the cumulative count per year; it needs adoptions in at least four
different years.
"""

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np

MIN_YEARS = 4


@dataclass(frozen=True)
class LogisticFit:
    ceiling: float
    rate: float
    midpoint: float
    r_squared: float

    def at(self, year: float) -> float:
        return float(
            logistic(np.array([year], dtype=float), self.ceiling, self.rate, self.midpoint)[0]
        )


def logistic(t: Any, ceiling: float, rate: float, midpoint: float) -> Any:
    """N(t): the logistic curve at times `t` (a numpy array)."""
    return ceiling / (1.0 + np.exp(-rate * (t - midpoint)))


def cumulative(years: list[int]) -> list[tuple[int, int]]:
    """(year, adopters so far) for every year from the first adoption to the last."""
    if not years:
        return []
    per_year = Counter(years)
    total, points = 0, []
    for year in range(min(years), max(years) + 1):
        total += per_year.get(year, 0)
        points.append((year, total))
    return points


def fit_logistic(years: list[int], ceiling_max: float | None = None) -> LogisticFit | None:
    """The least-squares logistic curve through the cumulative counts, or None."""
    if len(set(years)) < MIN_YEARS:
        return None
    # scipy.optimize takes a second to load: only pages with a curve to fit pay for it.
    from scipy.optimize import curve_fit

    points = cumulative(years)
    t = np.array([p[0] for p in points], dtype=float)
    n = np.array([p[1] for p in points], dtype=float)
    top = float(n[-1])
    upper = max(ceiling_max or top * 4, top + 1e-6)
    start = (min(top * 1.1, upper), 0.3, float(np.median(np.repeat(t, 1))))
    try:
        params, _ = curve_fit(
            logistic,
            t,
            n,
            p0=start,
            bounds=([top * 0.5, 1e-3, t[0] - 100], [upper, 5.0, t[-1] + 100]),
            maxfev=20000,
        )
    except (RuntimeError, ValueError):
        return None
    predicted = logistic(t, *params)
    residual = float(np.sum((n - predicted) ** 2))
    total = float(np.sum((n - n.mean()) ** 2)) or 1.0
    ceiling, rate, midpoint = (float(p) for p in params)
    if not all(math.isfinite(v) for v in (ceiling, rate, midpoint)):
        return None
    return LogisticFit(ceiling, rate, midpoint, 1 - residual / total)


def curve_chart(years: list[int], fit: LogisticFit | None) -> dict[str, Any]:
    """The chart's data and its SVG geometry (drawn by the template, no script needed)."""
    points = cumulative(years)
    if not points:
        return {"points": [], "fit": None}
    width, height, pad = 560.0, 240.0, 36.0
    first, last = points[0][0], points[-1][0]
    span = max(last - first, 1)
    top = max(points[-1][1], fit.ceiling if fit else 0, 1)

    def x(year: float) -> float:
        return round(pad + (year - first) / span * (width - 2 * pad), 1)

    def y(count: float) -> float:
        return round(height - pad - count / top * (height - 2 * pad), 1)

    observed = " ".join(f"{x(yr)},{y(n)}" for yr, n in points)
    fitted = ""
    if fit:
        steps = [first + span * i / 60 for i in range(61)]
        fitted = " ".join(f"{x(s)},{y(fit.at(s))}" for s in steps)
    return {
        "points": [{"year": yr, "adopters": n} for yr, n in points],
        "fit": None
        if fit is None
        else {
            "model": "logistic",
            "ceiling": round(fit.ceiling, 2),
            "rate": round(fit.rate, 4),
            "midpoint_year": round(fit.midpoint, 1),
            "r_squared": round(fit.r_squared, 3),
        },
        "svg": {
            "width": width,
            "height": height,
            "observed": observed,
            "fitted": fitted,
            "x_axis": {"y": height - pad, "x1": pad, "x2": width - pad},
            "y_axis": {"x": pad, "y1": pad, "y2": height - pad},
            "labels": {
                "first": first,
                "last": last,
                "top": round(top),
                "first_x": x(first),
                "last_x": x(last),
                "base_y": height - pad + 16,
                "top_y": y(top),
            },
        },
    }
