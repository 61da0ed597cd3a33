"""Research statistics: city attributes aggregated by region, sub-region, country or
organisation, over a threshold, compared between years, with the cities behind each cell.

The population of a year comes from the stored series (`geo.PopulationFigure`, e.g. a UN
World Urbanization Prospects file as imported), of one kind (urban agglomeration by default)
and, when given, one source; with no year it is the gazetteer's current figure. The set of
cities is fixed by the threshold in one year (by default the last year compared), so a
comparison between years follows the same cities, as Stren & Friendly's Table 1 does
(average size of the cities over 300,000 by region, 1990 and 2015).

Average yearly increase is given both as the table gives it (total increase divided by the
years) and compounded.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from citydiplomacy.geo.models import City, PopulationFigure, Region
from citydiplomacy.organisations.models import Membership

GROUPS = ("region", "subregion", "country", "organisation", "world")
WORLD = "World"


@dataclass
class Query:
    group_by: str = "region"
    years: list[int] = field(default_factory=list)  # empty: the gazetteer's population
    threshold: int = 0
    threshold_year: int | None = None  # default: the last of `years`
    kind: str = PopulationFigure.Kind.AGGLOMERATION
    source: str = ""  # a Source key; empty: any series of that kind (the latest source wins)
    cities_shown: int = 50  # cities listed per cell (all are counted)

    def check(self) -> None:
        if self.group_by not in GROUPS:
            raise ValueError(f"group_by: choose one of {', '.join(GROUPS)}.")
        if self.threshold < 0:
            raise ValueError("threshold: cannot be negative.")
        if self.threshold_year is not None and self.years and self.threshold_year not in self.years:
            raise ValueError("threshold_year: must be one of the years compared.")
        if self.kind not in PopulationFigure.Kind.values:
            raise ValueError(f"kind: choose one of {', '.join(PopulationFigure.Kind.values)}.")
        if len(self.years) > 12:
            raise ValueError("years: compare at most 12 years.")


def _populations(query: Query) -> dict[int, dict[int | None, int]]:
    """city id -> {year -> population}; year None holds the gazetteer figure."""
    if not query.years:
        rows = City.objects.filter(population__gte=query.threshold).values_list("pk", "population")
        return {pk: {None: population} for pk, population in rows}
    figures = PopulationFigure.objects.filter(year__in=query.years, kind=query.kind).order_by(
        "city_id", "year", "source_id"
    )
    if query.source:
        figures = figures.filter(source__key=query.source)
    found: dict[int, dict[int | None, int]] = defaultdict(dict)
    for city_id, year, population in figures.values_list("city_id", "year", "population"):
        found[city_id][year] = population  # a later source of the same year replaces an earlier
    return found


def _groups(
    query: Query, city_ids: list[int]
) -> tuple[dict[int, list[str]], dict[int, dict[str, Any]]]:
    cities: dict[int, dict[str, Any]] = {
        row["pk"]: dict(row)
        for row in City.objects.filter(pk__in=city_ids).values(
            "pk", "name", "country_id", "country__name", "country__region", "country__subregion"
        )
    }
    regions = dict(Region.choices)
    groups: dict[int, list[str]] = {}
    if query.group_by == "organisation":
        memberships = (
            Membership.objects.filter(city_id__in=city_ids)
            .values_list("city_id", "organisation__name")
            .distinct()
        )
        for city_id, name in memberships:
            groups.setdefault(city_id, []).append(name)
        return groups, cities
    for pk, row in cities.items():
        if query.group_by == "world":
            groups[pk] = [WORLD]
        elif query.group_by == "region":
            groups[pk] = [
                regions.get(row["country__region"], row["country__region"] or "(no region)")
            ]
        elif query.group_by == "subregion":
            groups[pk] = [row["country__subregion"] or "(no sub-region)"]
        else:
            groups[pk] = [row["country__name"]]
    return groups, cities


def _cell(values: list[int]) -> dict[str, Any]:
    if not values:
        return {"count": 0, "sum": 0, "mean": None, "median": None}
    return {
        "count": len(values),
        "sum": sum(values),
        "mean": round(statistics.fmean(values)),
        "median": round(statistics.median(values)),
    }


def _change(first: dict[str, Any], last: dict[str, Any], years: int) -> dict[str, Any]:
    if not first["mean"] or last["mean"] is None or years <= 0:
        return {"total_pct": None, "yearly_pct": None, "yearly_compound_pct": None}
    ratio = last["mean"] / first["mean"]
    return {
        "total_pct": round(100 * (ratio - 1), 1),
        "yearly_pct": round(100 * (ratio - 1) / years, 1),
        "yearly_compound_pct": round(100 * (ratio ** (1 / years) - 1), 2),
    }


def table(query: Query) -> dict[str, Any]:
    query.check()
    years: list[int | None] = list(query.years) or [None]
    key_year = query.threshold_year if query.threshold_year is not None else years[-1]
    populations = _populations(query)
    chosen = [
        pk for pk, by_year in populations.items() if by_year.get(key_year, -1) >= query.threshold
    ]
    groups, cities = _groups(query, chosen)
    members: dict[str, list[int]] = defaultdict(list)
    for pk in chosen:
        for group in groups.get(pk, []):
            members[group].append(pk)
    rows = [_row(WORLD, chosen, populations, cities, years, query)]
    if query.group_by == "world":
        rows = []
    for group in sorted(members):
        rows.append(_row(group, members[group], populations, cities, years, query))
    return {
        "query": {
            "group_by": query.group_by,
            "years": query.years,
            "threshold": query.threshold,
            "threshold_year": key_year,
            "kind": query.kind,
            "source": query.source or None,
        },
        "rows": rows,
    }


def _row(
    group: str,
    city_ids: list[int],
    populations: dict[int, dict[int | None, int]],
    cities: dict[int, dict[str, Any]],
    years: list[int | None],
    query: Query,
) -> dict[str, Any]:
    by_year = {
        str(year or "current"): _cell(
            [populations[pk][year] for pk in city_ids if year in populations[pk]]
        )
        for year in years
    }  # fmt: skip
    first, last = by_year[str(years[0] or "current")], by_year[str(years[-1] or "current")]
    span = (years[-1] or 0) - (years[0] or 0)
    ordered = sorted(city_ids, key=lambda pk: -populations[pk].get(years[-1], 0))
    return {
        "group": group,
        "cities_count": len(city_ids),
        "years": by_year,
        "change": _change(first, last, span) if len(years) > 1 else None,
        "cities": [
            {
                "geonames_id": pk,
                "name": cities[pk]["name"],
                "country": cities[pk]["country_id"],
                **{str(y or "current"): populations[pk].get(y) for y in years},
            }
            for pk in ordered[: query.cities_shown]
        ],
    }
