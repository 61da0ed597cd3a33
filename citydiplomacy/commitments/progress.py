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
  progress reports count;
- like with like: an inventory of the base year, when the city has one, stands for the
  baseline (the target scaled alike), and inventory totals under a tenth or over ten times
  the baseline (COMPARABLE_FACTOR) are left out, named in the note.
When only a reported percent achieved exists, it is compared with the share of the way the
trajectory has gone by the report's year, with the same tolerance.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from citydiplomacy.commitments.models import MEASURABLE_KINDS, Commitment

TOLERANCE = 0.05  # of the baseline-to-target gap: 5 points of percent achieved
STALE_YEARS = 3
# An inventory total under a tenth or over ten times the baseline is not on the baseline's
# footing (thousands of tonnes against tonnes, the base year typed as the figure, a 0
# placeholder, another boundary): no city's emissions moved that far by the 2020s.
COMPARABLE_FACTOR = 10.0

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
    left_out: list[Point] = field(default_factory=list)  # inventories not comparable

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
            "left_out": [point(p) for p in self.left_out],
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def share_of_the_way(commitment: Commitment, year: int) -> float | None:
    by, ty = commitment.baseline_year, commitment.target_year
    if by is None or ty is None:
        return None
    if ty == by:
        return 1.0
    return min(max((year - by) / (ty - by), 0.0), 1.0)


def _comparable(baseline: float | None, value: float | None) -> bool:
    if baseline is None or value is None or baseline <= 0:
        return True  # nothing to compare with: the figure stands
    return baseline / COMPARABLE_FACTOR <= value <= baseline * COMPARABLE_FACTOR


@dataclass(frozen=True)
class _Basis:
    """The baseline and target progress is measured between, and the figures measured."""

    base: float
    target: float
    values: list[Point]
    left_out: list[Point]
    note: str = ""


def _basis(commitment: Commitment, target: float, inventories: list[Point]) -> _Basis:
    """Like with like: when the city's inventories include the base year, progress runs from
    that inventory (the target the same share below it), as the target row's base-year
    figure may come from another method, boundary or unit; then inventory totals not on the
    baseline's footing (COMPARABLE_FACTOR) are left out."""
    base = commitment.baseline_value
    by = commitment.baseline_year
    assert base is not None and by is not None
    note = ""
    same_year = sorted((p for p in inventories if p.year == by), key=lambda p: p.reported_in)
    if same_year and same_year[-1].value and same_year[-1].value != base and base > 0:
        inventory = same_year[-1].value
        note = (
            f"measured from the {by} inventory ({inventory:,.0f} t, {same_year[-1].reported_in})"
            f", not the target's stated base-year figure ({base:,.0f}); target scaled alike"
        )
        base, target = inventory, target * inventory / base
    left_out = [p for p in inventories if not _comparable(base, p.value)]
    kept = [p for p in inventories if p not in left_out]
    return _Basis(base, target, kept, left_out, note)


def _judge(result: Progress, commitment: Commitment, basis: _Basis, latest: Point) -> None:
    """Percent achieved and status from the latest figure against the straight line."""
    assert latest.value is not None
    base, target = basis.base, basis.target
    share = share_of_the_way(commitment, latest.year) or 0.0
    expected = base + (target - base) * share
    result.latest = latest
    result.percent_achieved = (base - latest.value) / (base - target) * 100
    result.expected_value = expected
    result.expected_percent = share * 100
    if latest.value <= target:
        result.status = ACHIEVED
    elif latest.value <= expected + TOLERANCE * (base - target):
        result.status = ON_TRACK
    else:
        result.status = OFF_TRACK


def _from_reported_percent(result: Progress, commitment: Commitment, reported: Point) -> None:
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


def _measurable(commitment: Commitment) -> bool:
    target = commitment.target_figure
    return not (
        commitment.kind not in MEASURABLE_KINDS
        or commitment.baseline_value is None
        or target is None
        or commitment.baseline_year is None
        or commitment.target_year is None
        or commitment.baseline_value == target
    )


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
    city = [p for p in inventories if p.value is not None and (by is None or p.year >= by)]
    percents = sorted((p for p in reports if p.percent_achieved is not None), key=lambda p: p.year)
    result = Progress(status=NO_DATA)
    result.reported_percent = percents[-1] if percents else None
    if not _measurable(commitment):
        result.points = _in_order(city + [p for p in reports if p.value is not None])
        result.status = NOT_MEASURABLE
        result.note = "needs a baseline year and value and a target year and value or percent"
        return result
    target = commitment.target_figure
    assert by is not None and commitment.target_year is not None and target is not None
    basis = _basis(commitment, target, city)
    values = _in_order(basis.values + [p for p in reports if p.value is not None])
    result.points, result.left_out = values, basis.left_out
    result.baseline = Point(by, basis.base, "baseline", "")
    result.target = Point(commitment.target_year, basis.target, "target", "")
    if values:
        _judge(result, commitment, basis, values[-1])
        year = values[-1].year
    elif result.reported_percent is not None:
        _from_reported_percent(result, commitment, result.reported_percent)
        year = result.reported_percent.year
    else:
        result.note = "no emissions figure after the baseline year and no progress report"
        if basis.left_out:
            result.note = _left_out_note(basis.left_out)
        if not comparable:
            result.note = (
                "the target covers one sector or another boundary, which the city-wide "
                "inventory does not measure, and no progress report gives a figure"
            )
        return result
    notes = [basis.note, result.note, _left_out_note(basis.left_out) if basis.left_out else ""]
    result.note = "; ".join(n for n in notes if n)
    if current_year - year > STALE_YEARS:
        stale = f"the latest figure is from {year}, more than {STALE_YEARS} years ago"
        result.note = "; ".join(n for n in (stale, result.note) if n)
        result.status = STALE
    return result


def _in_order(points: list[Point]) -> list[Point]:
    """By year; in a year, inventories by the report that gave them, then reports (the
    last of the list is the latest figure)."""
    return sorted(points, key=lambda p: (p.year, p.kind == "report", p.reported_in))


def _left_out_note(left_out: list[Point]) -> str:
    years = ", ".join(str(p.year) for p in left_out)
    return (
        f"inventory totals of {years} left out: under a tenth or over ten times the baseline, "
        "so not on its footing (other units or boundary)"
    )
