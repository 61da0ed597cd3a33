"""Reading commitments, inventories and reports, and the computations built on them.

Each page's figures come from one selector here; the accountability report and the
coalition weight read in a fixed number of queries whatever the number of members (values
rows, joined in Python), so an organisation of 10,000 members answers as fast as one of ten.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

from django.db.models import QuerySet

from citydiplomacy.commitments.models import (
    MEASURABLE_KINDS,
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    EmissionsInventory,
    ObligationRule,
    ProgressReport,
)
from citydiplomacy.commitments.obligations import Evidence, Obligation, apply_rule
from citydiplomacy.commitments.progress import STALE_YEARS, Point, Progress, progress_of
from citydiplomacy.geo.models import City
from citydiplomacy.geo.selectors import records_of_cities_found
from citydiplomacy.organisations.models import Membership, Organisation
from citydiplomacy.sources.selectors import with_sources


def commitments() -> QuerySet[Commitment]:
    return Commitment.objects.select_related(
        "city__country", "organisation", "framework"
    ).prefetch_related(with_sources())


def inventories() -> QuerySet[EmissionsInventory]:
    return EmissionsInventory.objects.select_related("city__country").prefetch_related(
        with_sources()
    )


def progress_reports() -> QuerySet[ProgressReport]:
    return ProgressReport.objects.select_related("commitment__city").prefetch_related(
        with_sources()
    )


def obligation_rules() -> QuerySet[ObligationRule]:
    return ObligationRule.objects.select_related("organisation").prefetch_related(with_sources())


def inventory_point(row: dict[str, Any]) -> Point:
    return Point(row["year"], row["total"], "inventory", row["reported_in"])


def report_point(row: dict[str, Any]) -> Point:
    return Point(row["year"], row["value"], "report", row["reported_in"], row["percent_achieved"])


_INVENTORY_FIELDS = ("city_id", "year", "total", "reported_in")
_REPORT_FIELDS = ("commitment_id", "year", "value", "percent_achieved", "reported_in")


def commitment_progress(commitment: Commitment, current_year: int | None = None) -> Progress:
    """One commitment's progress (two queries: its city's inventories, its reports)."""
    city_points: list[Point] = []
    if commitment.city_id:
        rows = EmissionsInventory.objects.filter(city_id=commitment.city_id).values(
            *_INVENTORY_FIELDS
        )
        city_points = [inventory_point(r) for r in rows]
    reports = ProgressReport.objects.filter(commitment=commitment).values(*_REPORT_FIELDS)
    return progress_of(
        commitment,
        inventories=city_points,
        reports=[report_point(r) for r in reports],
        current_year=current_year or dt.date.today().year,
    )


class CityRecords:
    """Everything the computations need about a set of cities, read in four queries."""

    def __init__(self, city_ids: Any) -> None:
        self.commitments: dict[int, list[Commitment]] = defaultdict(list)
        self.inventories: dict[int, list[Point]] = defaultdict(list)
        self.reports: dict[int, list[Point]] = defaultdict(list)
        # No ORDER BY anywhere here: the models' default orderings join the city table to
        # sort by name, which costs more than the rows themselves; callers sort what they show.
        found = (
            Commitment.objects.filter(city_id__in=city_ids)
            .order_by()
            .only(
                "id",
                "city_id",
                "kind",
                "status",
                "baseline_year",
                "baseline_value",
                "target_year",
                "target_value",
                "target_percent",
                "made",
                "unit",
                "statement",
                "sector",
                "boundary",
            )
        )
        by_id: dict[int, Commitment] = {}
        for commitment in found:
            assert commitment.city_id is not None
            self.commitments[commitment.city_id].append(commitment)
            by_id[commitment.pk] = commitment
        for row in (
            EmissionsInventory.objects.filter(city_id__in=city_ids)
            .order_by()
            .values(*_INVENTORY_FIELDS)
        ):
            self.inventories[row["city_id"]].append(inventory_point(row))
        self.report_years: dict[int, list[int]] = defaultdict(list)
        reports = ProgressReport.objects.filter(commitment__city_id__in=city_ids).order_by()
        for row in reports.values(*_REPORT_FIELDS, "commitment__city_id"):
            self.reports[row["commitment_id"]].append(report_point(row))
            self.report_years[row["commitment__city_id"]].append(row["year"])

    def progress(self, commitment: Commitment, current_year: int) -> Progress:
        assert commitment.city_id is not None
        return progress_of(
            commitment,
            inventories=self.inventories.get(commitment.city_id, []),
            reports=self.reports.get(commitment.pk, []),
            current_year=current_year,
        )

    def evidence(self, city_id: int) -> Evidence:
        inventory = tuple(p.year for p in self.inventories.get(city_id, []) if p.value is not None)
        plans = tuple(
            c.made_year
            for c in self.commitments.get(city_id, [])
            if c.kind == CommitmentKind.ACTION_PLAN and c.made_year
        )
        targets = tuple(
            c.made_year or c.baseline_year or 0
            for c in self.commitments.get(city_id, [])
            if c.kind in MEASURABLE_KINDS or c.kind == CommitmentKind.BASELINE_SCENARIO
        )
        return Evidence(
            inventory=inventory,
            action_plan=plans,
            report=(*inventory, *self.report_years.get(city_id, [])),
            target=tuple(y for y in targets if y),
        )

    def has_any(self, city_id: int) -> bool:
        return (
            city_id in self.commitments
            or city_id in self.inventories
            or city_id in self.report_years
        )

    def last_report(self, city_id: int) -> int | None:
        if not self.has_any(city_id):
            return None
        years = [p.year for p in self.inventories.get(city_id, [])]
        years += self.report_years.get(city_id, [])
        return max(years) if years else None


def rules_by_organisation(organisation_ids: Iterable[int]) -> dict[int, list[ObligationRule]]:
    found: dict[int, list[ObligationRule]] = defaultdict(list)
    for rule in ObligationRule.objects.filter(organisation_id__in=list(organisation_ids)):
        found[rule.organisation_id].append(rule)
    return found


def obligations_of_city(city: City, today: dt.date | None = None) -> list[Obligation]:
    """Every rule of every organisation the city belongs to (now), applied to its records."""
    today = today or dt.date.today()
    memberships = list(
        Membership.objects.filter(city=city, left="")
        .select_related("organisation")
        .order_by("organisation__name", "joined")
    )
    # A city with two memberships of one organisation (roles) keeps the earliest join date.
    first: dict[int, Membership] = {}
    for membership in memberships:
        first.setdefault(membership.organisation_id, membership)
    rules = rules_by_organisation(first)
    records = CityRecords([city.pk])
    evidence = records.evidence(city.pk)
    found: list[Obligation] = []
    for organisation_id, membership in first.items():
        for rule in rules.get(organisation_id, []):
            found.append(
                apply_rule(
                    rule,
                    organisation_name=membership.organisation.name,
                    organisation_slug=membership.organisation.slug,
                    joined=membership.joined,
                    evidence=evidence,
                    today=today,
                )
            )
    return found


Member = tuple[int, str, str, str]  # GeoNames id, name, country, joined


def _members(organisation: Organisation) -> list[Member]:
    rows = (
        Membership.objects.filter(organisation=organisation, left="")
        .order_by()
        .values_list("city_id", "city__name", "city__country_id", "joined")
    )
    members: dict[int, Member] = {}
    # Each city once, with its earliest current membership; sorted here, not by the database.
    for member in sorted(rows, key=lambda r: (r[1], r[3])):
        members.setdefault(member[0], member)
    return list(members.values())


class MemberRows(Sequence[dict[str, Any]]):
    """A report's per-member rows, each made when asked for: a page shows 50 of 10,000
    members, and the many members without records share their figures with every member
    of the same join date, so only the members and those figures are kept."""

    def __init__(self, members: list[Member]) -> None:
        self.members = members
        self.figures: dict[int, dict[str, Any]] = {}  # members with records
        self.by_joined: dict[str, dict[str, Any]] = {}  # the others, per join date

    def _row(self, member: Member) -> dict[str, Any]:
        gid, name, country, joined = member
        figures = self.figures.get(gid) or self.by_joined[joined]
        return {"city": gid, "city_name": name, "country": country, "joined": joined, **figures}

    def __len__(self) -> int:
        return len(self.members)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [self._row(m) for m in self.members[index]]
        return self._row(self.members[index])

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (self._row(m) for m in self.members)


def _obligation_counts(
    organisation: Organisation,
    rules: list[ObligationRule],
    joined: str,
    evidence: Evidence,
    today: dt.date,
) -> dict[str, int]:
    states = [
        apply_rule(
            rule,
            organisation_name=organisation.name,
            organisation_slug=organisation.slug,
            joined=joined,
            evidence=evidence,
            today=today,
        ).state
        for rule in rules
    ]
    return {
        "obligations_met": states.count("met"),
        "obligations_due": states.count("due"),
        "obligations_expected": states.count("expected"),
        "obligations_overdue": states.count("overdue"),
    }


def _member_figures(
    records: CityRecords, gid: int, counts: dict[str, int], today: dt.date
) -> dict[str, Any]:
    statuses = [
        records.progress(c, today.year).status if c.status == CommitmentStatus.ACTIVE else c.status
        for c in records.commitments.get(gid, [])
    ]
    last = records.last_report(gid)
    return {
        "commitments": len(statuses),
        "statuses": ", ".join(sorted(set(statuses))),
        "on_track": "on-track" in statuses or "achieved" in statuses,
        "last_report": last,
        "reporting": last is not None and today.year - last <= STALE_YEARS,
        **counts,
    }


def accountability(organisation: Organisation, today: dt.date | None = None) -> dict[str, Any]:
    """Per member: commitments and their status, last report, obligations met/due/overdue."""
    today = today or dt.date.today()
    rows = MemberRows(_members(organisation))
    city_ids = (
        Membership.objects.filter(organisation=organisation, left="").order_by().values("city_id")
    )
    records = CityRecords(city_ids)
    rules = rules_by_organisation([organisation.pk]).get(organisation.pk, [])
    for gid, _name, _country, joined in rows.members:
        if records.has_any(gid):
            evidence = records.evidence(gid)
            counts = _obligation_counts(organisation, rules, joined, evidence, today)
            rows.figures[gid] = _member_figures(records, gid, counts, today)
        elif joined not in rows.by_joined:
            # Without records, a member's figures depend on its join date alone.
            counts = _obligation_counts(organisation, rules, joined, Evidence(), today)
            rows.by_joined[joined] = _member_figures(records, gid, counts, today)
    # Members without records are neither on track, reporting nor committed.
    found = rows.figures.values()
    on_track = sum(f["on_track"] for f in found)
    reporting = sum(f["reporting"] for f in found)
    with_commitment = sum(bool(f["commitments"]) for f in found)
    total = len(rows)
    return {
        "members": total,
        "as_of": today.isoformat(),
        "with_commitment": with_commitment,
        "on_track": on_track,
        "reporting": reporting,
        "share_on_track": round(on_track / total, 4) if total else None,
        "share_reporting": round(reporting / total, 4) if total else None,
        "rules": [
            {"kind": r.kind, "label": r.get_kind_display(), "description": r.description}
            for r in rules
        ],
        "reporting_window_years": STALE_YEARS,
        "rows": rows,
    }


def accountability_summary(
    organisation: Organisation, today: dt.date | None = None
) -> dict[str, Any]:
    """The organisation page's panel: members on track and reporting, in four queries."""
    today = today or dt.date.today()
    current = Membership.objects.filter(organisation=organisation, left="")
    members = set(current.values_list("city_id", flat=True))
    records = CityRecords(current.values("city_id"))
    on_track = reporting = 0
    for gid in members:
        if not records.has_any(gid):
            continue
        statuses = {
            records.progress(c, today.year).status
            for c in records.commitments.get(gid, [])
            if c.status == CommitmentStatus.ACTIVE
        }
        on_track += bool(statuses & {"on-track", "achieved"})
        last = records.last_report(gid)
        reporting += last is not None and today.year - last <= STALE_YEARS
    total = len(members)
    return {
        "members": total,
        "on_track": on_track,
        "reporting": reporting,
        "share_on_track": round(on_track / total, 4) if total else None,
        "share_reporting": round(reporting / total, 4) if total else None,
        "reporting_window_years": STALE_YEARS,
    }


def city_commitment_summary(city: City, current_year: int | None = None) -> dict[str, Any]:
    """The city profile panel: commitments with status badges, inventories over years.

    Two queries for a city without commitments (commitments, inventories), four with them
    (their citations and progress reports too), so the profile's count stays fixed.
    """
    year = current_year or dt.date.today().year
    found = list(commitments().filter(city=city))
    points = [
        inventory_point(r)
        for r in EmissionsInventory.objects.filter(city=city).values(*_INVENTORY_FIELDS)
    ]
    reports: dict[int, list[Point]] = defaultdict(list)
    if found:
        rows = ProgressReport.objects.filter(commitment__in=[c.pk for c in found])
        for row in rows.values(*_REPORT_FIELDS):
            reports[row["commitment_id"]].append(report_point(row))
    items = [
        {
            "commitment": commitment,
            "progress": progress_of(
                commitment,
                inventories=points,
                reports=reports.get(commitment.pk, []),
                current_year=year,
            ),
        }
        for commitment in found
    ]
    return {"items": items, "series": latest_per_year(points), "found": found}


def latest_per_year(points: Iterable[Point]) -> list[Point]:
    """One inventory figure per accounting year: the most recent report's."""
    chosen: dict[int, Point] = {}
    for point in sorted(points, key=lambda p: (p.year, p.reported_in)):
        if point.value is not None:
            chosen[point.year] = point
    return [chosen[y] for y in sorted(chosen)]


def commitment_options(text: str, user: Any = None) -> list[dict[str, Any]]:
    """A commitment picker's options: the commitments of the cities the city search finds
    (any spelling, the biggest namesake first), each city's by target year."""

    def of_city(city: City) -> QuerySet[Commitment]:
        return (
            Commitment.objects.select_related("city", "organisation")
            .filter(city=city)
            .order_by("target_year", "id")
        )

    return [
        {
            "value": commitment.pk,
            "label": str(commitment),
            "detail": commitment.statement[:120],
            "reason": getattr(city, "match_reason", ""),
        }
        for commitment, city in records_of_cities_found(text, of_city)
    ]
