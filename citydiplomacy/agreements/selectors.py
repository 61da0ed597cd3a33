"""Reading agreements."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.core.links import record_url
from citydiplomacy.geo.models import City, Country
from citydiplomacy.geo.selectors import records_of_cities_found
from citydiplomacy.sources.selectors import with_sources


def agreements() -> QuerySet[Agreement]:
    return Agreement.objects.select_related("city_a__country", "city_b__country").prefetch_related(
        with_sources()
    )


def agreements_of_city(city: City) -> QuerySet[Agreement]:
    return agreements().filter(Q(city_a=city) | Q(city_b=city)).order_by("signed", "id")


def agreement_between(city_1: int, city_2: int, kind: str) -> Agreement | None:
    low, high = sorted((city_1, city_2))
    return Agreement.objects.filter(city_a_id=low, city_b_id=high, kind=kind).first()


_TIE_END = ("pk", "name", "latitude", "longitude", "country__name", "country_id")


def country_ties_map(country: Country) -> dict[str, Any]:
    """The map of every tie of `country`'s cities: each city once (its cities "home", their
    partners "partner"), and a line per pair of tied cities as indexes into the points.
    One query, whatever the number of agreements."""
    columns = [f"city_{side}__{field}" for side in "ab" for field in _TIE_END]
    rows = (
        Agreement.objects.filter(Q(city_a__country=country) | Q(city_b__country=country))
        .order_by()
        .values_list(*columns)
        .distinct()
    )
    points: list[dict[str, Any]] = []
    index: dict[int, int] = {}
    links: set[tuple[int, int]] = set()

    def point(end: tuple[Any, ...]) -> int:
        pk, name, lat, lon, country_name, iso2 = end
        if pk not in index:
            index[pk] = len(points)
            role = "home" if iso2 == country.pk else "partner"
            url = record_url("geo:city", pk)
            points.append(
                {
                    "name": f"{name}, {country_name}",
                    "lat": lat,
                    "lon": lon,
                    "url": url,
                    "role": role,
                }
            )
        return index[pk]

    width = len(_TIE_END)
    for row in rows:
        links.add((point(row[:width]), point(row[width:])))
    return {"points": points, "links": sorted(links), "lines": False}


def partner_countries(country: Country) -> list[dict[str, Any]]:
    """The agreements of `country`'s cities grouped by the partner city's country, most ties
    first (a tie between two of its own cities counts once, under the country itself). Two
    grouped queries, one per side of the tie, whatever the number of agreements."""
    counts: dict[str, dict[str, Any]] = {}
    sides = (
        (Agreement.objects.filter(city_a__country=country), "city_b__country"),
        # Domestic ties were already counted from side a.
        (
            Agreement.objects.filter(city_b__country=country).exclude(city_a__country=country),
            "city_a__country",
        ),
    )
    for rows, partner in sides:
        grouped = rows.values(f"{partner}_id", f"{partner}__name").annotate(n=Count("id"))
        for row in grouped:
            code = row[f"{partner}_id"]
            entry = counts.setdefault(
                code, {"iso2": code, "name": row[f"{partner}__name"], "agreements": 0}
            )
            entry["agreements"] += row["n"]
    return sorted(counts.values(), key=lambda e: (-e["agreements"], e["name"]))


def agreement_options(text: str, user: Any = None) -> list[dict[str, Any]]:
    """An agreement picker's options: the agreements of the cities the city search finds
    (any spelling, the biggest namesake first), each city's oldest first; why each matched
    when the city was found by another of its names."""

    def of_city(city: City) -> QuerySet[Agreement]:
        return (
            Agreement.objects.select_related("city_a", "city_b")
            .filter(Q(city_a=city) | Q(city_b=city))
            .order_by("signed", "id")
        )

    return [
        {
            "value": agreement.pk,
            "label": str(agreement),
            "detail": f"signed {agreement.signed}" if agreement.signed else "",
            "reason": getattr(city, "match_reason", ""),
        }
        for agreement, city in records_of_cities_found(text, of_city)
    ]
