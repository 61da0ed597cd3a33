"""Reading agreements."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.geo.models import City, Country
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
