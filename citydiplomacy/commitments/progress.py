"""Percent achieved and on-track status of a commitment: pure functions of its figures.

The rule (stated in docs/commitments.md):
- achieved share = (baseline - latest) / (baseline - target), from the latest emissions
  figure at or after the baseline year (an inventory of the city or a progress report with a
  value; the later year wins, a report's value wins a tie);
- the straight-line trajectory runs from (baseline year, baseline) to (target year, target);
  a commitment is on track when its latest figure is at or below the trajectory in that
  year plus a tolerance of TOLERANCE of the baseline-to-target gap;
- a latest figure older than STALE_YEARS years before the current year makes the status
  "stale" (the computed figures are still shown); with no figure it is "no data";
- a figure at or below the target is "achieved";
- a target of one sector, or of another boundary than the city (government operations, a
  larger or smaller area), is not measured by the city-wide inventory: only its own
  progress reports count.
When only a reported percent achieved exists, it is compared with the share of the way the
trajectory has gone by the report's year, with the same tolerance.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from citydiplomacy.commitments.models import MEASURABLE_KINDS, Commitment

TOLERANCE = 0.05  # of the baseline-to-target gap: 5 points of percent achieved
STALE_YEARS = 3

ON_TRACK, OFF_TRACK, ACHIEVED = "on-track", "off-track", "achieved"
STALE, NO_DATA, NOT_MEASURABLE = "stale", "no-data", "not-measurable"
STATUS_LABELS = {
    ON_TRACK: "on track",
    OFF_TRACK: "off track",
    ACHIEVED: "target reached",
    STALE: "stale",
    NO_DATA: "no data",
    NOT_MEASURABLE: "not measurable",
}


@dataclass(frozen=True)
class Point:
    year: int
    value: float | None
    kind: str  # "inventory" or "report"
    reported_in: str
    percent_achieved: float | None = None


@dataclass
class Progress:
    status: str
    note: str = ""
    baseline: Point | None = None
    target: Point | None = None
    latest: Point | None = None
    percent_achieved: float | None = None  # computed
    reported_percent: Point | None = None  # the latest percent a report gives
    expected_value: float | None = None  # the trajectory at the latest figure's year
    expected_percent: float | None = None
    points: list[Point] = field(default_factory=list)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    def as_dict(self) -> dict[str, object]:
        def point(p: Point | None) -> dict[str, object] | None:
            if p is None:
                return None
            return {
                "year": p.year,
                "value": p.value,
                "kind": p.kind,
                "reported_in": p.reported_in,
                "percent_achieved": p.percent_achieved,
            }

        return {
            "status": self.status,
            "status_label": self.label,
            "note": self.note,
            "baseline": point(self.baseline),
            "target": point(self.target),
            "latest": point(self.latest),
            "percent_achieved": _round(self.percent_achieved),
            "reported_percent": point(self.reported_percent),
            "expected_value": _round(self.expected_value),
            "expected_percent": _round(self.expected_percent),
            "tolerance_points": TOLERANCE * 100,
            "stale_after_years": STALE_YEARS,
            "points": [point(p) for p in self.points],
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def trajectory(commitment: Commitment, year: int) -> float | None:
    """The straight line from baseline to target, in `year` (held flat outside the span)."""
    base, target = commitment.baseline_value, commitment.target_figure
    by, ty = commitment.baseline_year, commitment.target_year
    if base is None or target is None or by is None or ty is None:
        return None
    if ty == by:
        return target
    share = min(max((year - by) / (ty - by), 0.0), 1.0)
    return base + (target - base) * share


def share_of_the_way(commitment: Commitment, year: int) -> float | None:
    by, ty = commitment.baseline_year, commitment.target_year
    if by is None or ty is None:
        return None
    if ty == by:
        return 1.0
    return min(max((year - by) / (ty - by), 0.0), 1.0)


def percent_achieved(commitment: Commitment, value: float) -> float | None:
    base, target = commitment.baseline_value, commitment.target_figure
    if base is None or target is None or base == target:
        return None
    return (base - value) / (base - target) * 100


def progress_of(
    commitment: Commitment,
    *,
    inventories: Iterable[Point],
    reports: Iterable[Point],
    current_year: int,
) -> Progress:
    """The commitment's progress from its city's inventories and its own reports."""
    reports = list(reports)
    by = commitment.baseline_year
    comparable = commitment.measured_by_city_inventory
    # A sector's or another boundary's target is not measured by the city-wide inventory.
    inventories = list(inventories) if comparable else []
    values = [p for p in inventories if p.value is not None and (by is None or p.year >= by)]
    values += [p for p in reports if p.value is not None]
    values.sort(key=lambda p: (p.year, p.kind == "report"))
    percents = sorted((p for p in reports if p.percent_achieved is not None), key=lambda p: p.year)
    result = Progress(status=NO_DATA, points=values)
    result.reported_percent = percents[-1] if percents else None
    target = commitment.target_figure
    if (
        commitment.kind not in MEASURABLE_KINDS
        or commitment.baseline_value is None
        or target is None
        or by is None
        or commitment.target_year is None
        or commitment.baseline_value == target
    ):
        result.status = NOT_MEASURABLE
        result.note = "needs a baseline year and value and a target year and value or percent"
        return result
    result.baseline = Point(by, commitment.baseline_value, "baseline", "")
    result.target = Point(commitment.target_year, target, "target", "")
    gap = commitment.baseline_value - target
    if values:
        latest = values[-1]
        assert latest.value is not None
        result.latest = latest
        result.percent_achieved = percent_achieved(commitment, latest.value)
        expected = trajectory(commitment, latest.year)
        assert expected is not None
        result.expected_value = expected
        result.expected_percent = (share_of_the_way(commitment, latest.year) or 0.0) * 100
        if latest.value <= target:
            result.status = ACHIEVED
        elif latest.value <= expected + TOLERANCE * gap:
            result.status = ON_TRACK
        else:
            result.status = OFF_TRACK
        year = latest.year
    elif result.reported_percent is not None:
        reported = result.reported_percent
        assert reported.percent_achieved is not None
        expected_share = (share_of_the_way(commitment, reported.year) or 0.0) * 100
        result.expected_percent = expected_share
        if reported.percent_achieved >= 100:
            result.status = ACHIEVED
        elif reported.percent_achieved >= expected_share - TOLERANCE * 100:
            result.status = ON_TRACK
        else:
            result.status = OFF_TRACK
        result.note = "from the reported percent achieved (no emissions figure after the baseline)"
        year = reported.year
    else:
        result.note = "no emissions figure after the baseline year and no progress report"
        if not comparable:
            result.note = (
                "the target covers one sector or another boundary, which the city-wide "
                "inventory does not measure, and no progress report gives a figure"
            )
        return result
    if current_year - year > STALE_YEARS:
        result.note = f"the latest figure is from {year}, more than {STALE_YEARS} years ago"
        result.status = STALE
    return result
