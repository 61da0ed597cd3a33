"""The weight of a coalition: population and emissions of a set of cities, each counted once.

The set is the members of one organisation, the union or the intersection of several, or
any filtered set of cities (a country, a region), as of a year: a membership counts when it
began in or before that year (or its start is not known) and had not ended before it; the
population is the latest figure of the city's population series at or before the year,
falling back to the gazetteer's figure (stated as such); emissions are the latest
inventory at or before the year. A city is one GeoNames record, so a city listed by two
networks under two names is one row and is counted once.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from citydiplomacy.commitments.models import EmissionsInventory
from citydiplomacy.geo.models import City, Country, PopulationFigure
from citydiplomacy.organisations.models import Membership, Organisation

UNION, INTERSECTION = "union", "intersection"


@dataclass
class Selection:
    organisations: list[Organisation] = field(default_factory=list)
    mode: str = UNION
    as_of: int = 2021
    country: str = ""
    region: str = ""

    def describe(self) -> str:
        names = [o.acronym or o.name for o in self.organisations]
        joiner = " and " if self.mode == INTERSECTION else " or "
        parts = [f"members of {joiner.join(names)}"] if names else ["all cities"]
        if self.country:
            parts.append(f"in {self.country}")
        if self.region:
            parts.append(f"in {self.region}")
        return " ".join(parts) + f", as of {self.as_of}"


def _in_force(joined: str, left: str, year: int) -> bool:
    return (not joined or int(joined[:4]) <= year) and (not left or int(left[:4]) >= year)


def _chosen_city_ids(selection: Selection) -> tuple[set[int], QuerySet[Any]]:
    """The cities of the selection, and a subquery of candidates to read their figures."""
    cities = City.objects.all()
    if selection.country:
        cities = cities.filter(country_id=selection.country.upper())
    if selection.region:
        cities = cities.filter(country__region=selection.region)
    if not selection.organisations:
        candidates = cities.values("geonames_id")
        return set(candidates.values_list("geonames_id", flat=True)), candidates
    ids = [o.pk for o in selection.organisations]
    # Without the default ordering, which joins two tables to sort rows nobody reads in order.
    memberships = Membership.objects.filter(organisation_id__in=ids).order_by()
    if selection.country or selection.region:  # otherwise every city qualifies: no subquery
        memberships = memberships.filter(city__in=cities)
    by_org: dict[int, set[int]] = defaultdict(set)
    for org, city, joined, left in memberships.values_list(
        "organisation_id", "city_id", "joined", "left"
    ):
        if _in_force(joined, left, selection.as_of):
            by_org[org].add(city)
    sets = [by_org[i] for i in ids]
    chosen = set.intersection(*sets) if selection.mode == INTERSECTION else set().union(*sets)
    return chosen, memberships.values("city_id")


def coalition_weight(selection: Selection) -> dict[str, Any]:
    """Totals, shares of the world and of each region, and the cities behind every number."""
    chosen, candidates = _chosen_city_ids(selection)
    cities: dict[int, dict[str, Any]] = {
        gid: {"name": name, "country_id": country, "population": people}
        for gid, name, country, people in City.objects.filter(geonames_id__in=candidates)
        .order_by()
        .values_list("geonames_id", "name", "country_id", "population")
        if gid in chosen
    }
    # The countries once (a few hundred rows) rather than joined to every city.
    country_region: dict[str, str] = {}
    world: dict[str, int] = defaultdict(int)
    for iso2, area, people in Country.objects.order_by().values_list(
        "iso2", "region", "population"
    ):
        country_region[iso2] = area
        if area:
            world[area] += people or 0
    population = _population(candidates, selection.as_of)
    emissions = _emissions(candidates, selection.as_of)
    rows: list[dict[str, Any]] = []
    regions: defaultdict[str, dict[str, float]] = defaultdict(
        lambda: {"cities": 0, "population": 0, "emissions": 0.0}
    )
    series_count = fallback_count = emissions_count = 0
    for gid, city in sorted(cities.items(), key=lambda item: item[1]["name"]):
        figure = population.get(gid)
        if figure is not None:
            people, pop_from = figure[1], f"{figure[2]} ({figure[0]})"
            series_count += 1
        elif city["population"]:
            people, pop_from = city["population"], "the gazetteer's figure (GeoNames), no series"
            fallback_count += 1
        else:
            people, pop_from = None, "unknown"
        inventory = emissions.get(gid)
        emissions_count += inventory is not None
        region_name = country_region.get(city["country_id"], "")
        region = regions[region_name or "unknown"]
        region["cities"] += 1
        region["population"] += people or 0
        region["emissions"] += inventory[1] if inventory else 0.0
        rows.append(
            {
                "city": gid,
                "name": city["name"],
                "country": city["country_id"],
                "region": region_name,
                "population": people,
                "population_from": pop_from,
                "emissions": inventory[1] if inventory else None,
                "emissions_year": inventory[0] if inventory else None,
                "emissions_from": inventory[2] if inventory else "",
            }
        )
    total_population = sum(r["population"] or 0 for r in rows)
    world_population = sum(v or 0 for v in world.values())
    count = len(rows)
    return {
        "selection": selection.describe(),
        "as_of": selection.as_of,
        "mode": selection.mode,
        "organisations": [o.slug for o in selection.organisations],
        "cities": count,
        "population": total_population,
        "population_share_of_world": _share(total_population, world_population),
        "world_population": world_population,
        "world_population_from": "the sum of country populations in the gazetteer (GeoNames)",
        "emissions": round(sum(r["emissions"] or 0 for r in rows), 1),
        "emissions_share_of_world": None,
        "emissions_note": "No world total of emissions is in the registry; the sum covers "
        "the cities with an inventory at or before the year only.",
        "share_with_population_series": _share(series_count, count),
        "share_with_population_fallback": _share(fallback_count, count),
        "share_with_emissions": _share(emissions_count, count),
        "regions": [
            {
                "region": name,
                **figures,
                "emissions": round(figures["emissions"], 1),
                "population_share_of_region": _share(figures["population"], world.get(name) or 0),
            }
            for name, figures in sorted(regions.items())
        ],
        "rows": rows,
    }


def _share(part: float, whole: float) -> float | None:
    return round(part / whole, 6) if whole else None


def _population(candidates: QuerySet[Any], as_of: int) -> dict[int, tuple[int, int, str]]:
    """Per city: (year, population, source key) of the latest series figure up to `as_of`.

    Measured figures are preferred to projections of the same year; a city's own figure
    (city proper) to its agglomeration's only when both exist for the same year.
    """
    found: dict[int, tuple[int, int, str]] = {}
    rows = (
        PopulationFigure.objects.filter(city_id__in=candidates, year__lte=as_of)
        .values_list("city_id", "year", "population", "source__key", "projected", "kind")
        .order_by("city_id", "year", "-projected", "kind")
    )
    for city, year, people, key, _projected, _kind in rows:
        found[city] = (year, people, key)
    return found


def _emissions(candidates: QuerySet[Any], as_of: int) -> dict[int, tuple[int, float, str]]:
    found: dict[int, tuple[int, float, str]] = {}
    rows = (
        EmissionsInventory.objects.filter(
            Q(city_id__in=candidates), year__lte=as_of, total__isnull=False
        )
        .values_list("city_id", "year", "total", "reported_in")
        .order_by("city_id", "year", "reported_in")
    )
    for city, year, total, reported_in in rows:
        found[city] = (year, float(total or 0.0), reported_in)  # total is not null here
    return found
