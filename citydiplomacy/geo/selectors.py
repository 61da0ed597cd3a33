"""Reading cities and countries: type-ahead search and the pieces of the city profile."""

from collections.abc import Callable
from functools import lru_cache
from typing import Any

import pycountry
from django.apps import apps
from django.db.models import (
    Case,
    F,
    Func,
    IntegerField,
    Max,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse

from citydiplomacy.geo.models import (
    SECTION_FEATURE_CODES,
    City,
    CityName,
    Country,
    Division,
    PopulationFigure,
    ProvisionalPlace,
    ReviewState,
)
from citydiplomacy.geo.names import name_key

SEARCH_LIMIT = 10


def city_search(query: str, *, limit: int = SEARCH_LIMIT, country: str = "") -> list[City]:
    """Cities whose name, ASCII name or an alternate name starts with `query`.

    Spelling is compared by name key, so "Sao Paulo" finds São Paulo and "Munich" finds
    München. An exact name comes first, then the biggest city: Paris, France before Paris,
    Texas. When few names start with the query, names with a word starting with it follow
    ("York" also finds New York).
    """
    key = name_key(query)
    if not key:
        return []
    found = _ranked_city_ids(CityName.objects.filter(key__startswith=key), key, limit, country)
    if len(found) < limit:
        more = CityName.objects.filter(key__contains=f" {key}").exclude(city_id__in=found)
        found += _ranked_city_ids(more, key, limit - len(found), country)
    cities = City.objects.select_related("country").in_bulk(found)
    ordered = [cities[city_id] for city_id in found if city_id in cities]
    _attach_match_reasons(ordered, key)
    return ordered


def provisional_search(query: str, *, limit: int = SEARCH_LIMIT) -> list[City]:
    """Open provisional places (not yet matched) whose name as written starts with `query`,
    or has a word that does, compared by name key as `city_search` compares: the same name
    first, then a prefix, then a later word. They have no gazetteer names to search."""
    key = name_key(query)
    if not key:
        return []
    found = ProvisionalPlace.objects.filter(state=ReviewState.OPEN).filter(
        Q(name_key__startswith=key) | Q(name_key__contains=f" {key}")
    )
    rank = Case(
        When(name_key=key, then=Value(0)),
        When(name_key__startswith=key, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    ids = list(
        found.annotate(rank=rank)
        .order_by("rank", "name_key", "city_id")
        .values_list("city_id", flat=True)[:limit]
    )
    cities = City.objects.select_related("country").in_bulk(ids)
    return [cities[city_id] for city_id in ids if city_id in cities]


def _attach_match_reasons(cities: list[City], key: str) -> None:
    """Set `match_reason` on each city: which of its spellings the query matched, so that a
    picker or the search page can say why Luanda answers "Sao Paulo" (one query)."""
    if not cities:
        return
    rows = CityName.objects.filter(city_id__in=[c.pk for c in cities]).filter(
        Q(key__startswith=key) | Q(key__contains=f" {key}")
    )
    best: dict[int, tuple[tuple[int, int, int], CityName]] = {}
    for row in rows.only("city_id", "name", "key", "kind"):
        # An exact spelling beats a prefix, a prefix beats a later word; the city's own
        # name beats its ASCII form beats an alternate name; shorter beats longer.
        rank = (
            0 if row.key == key else 1 if row.key.startswith(key) else 2,
            _KIND_RANK.get(row.kind, 3),
            len(row.name),
        )
        if row.city_id not in best or rank < best[row.city_id][0]:
            best[row.city_id] = (rank, row)
    for city in cities:
        found = best.get(city.pk)
        city.match_reason = _reason(city, found[1]) if found else ""  # type: ignore[attr-defined]


_KIND_RANK: dict[str, int] = {
    CityName.Kind.NAME: 0,
    CityName.Kind.ASCII: 1,
    CityName.Kind.ALTERNATE: 2,
}


def _reason(city: City, name: CityName) -> str:
    if name.kind == CityName.Kind.NAME or name.name == city.name:
        return "name"
    if name.kind == CityName.Kind.ASCII:
        return f"ASCII name: {name.name}"
    return f"alternate name: {name.name}"


def _ranked_city_ids(names: QuerySet[CityName], key: str, limit: int, country: str) -> list[int]:
    if country:
        names = names.filter(city__country_id=country.upper())
    ranked = (
        names.values("city_id")
        .annotate(
            exact=Max(
                Case(When(key=key, then=Value(1)), default=Value(0), output_field=IntegerField())
            ),
            population=Max("city__population"),
        )
        .order_by("-exact", "-population", "city_id")[:limit]
    )
    return [row["city_id"] for row in ranked]


def city_for_profile(geonames_id: int) -> City:
    return City.objects.select_related("country", "source", "part_of").get(pk=geonames_id)


def population_figures_of_city(city: City) -> QuerySet[PopulationFigure]:
    """The city's population figures with their sources (one query), series by series:
    by kind, then source, oldest year first."""
    return (
        PopulationFigure.objects.filter(city=city)
        .select_related("source")
        .order_by("kind", "source__title", "source_id", "year")
    )


def _latin_alias(city: City, name: str, key: str) -> bool:
    # Lower-case entries are GeoNames' machine transliterations ("sa'o pa'ulo").
    return key.isascii() and name[:1].isupper() and name.lower() != city.name.lower()


@lru_cache(maxsize=512)
def language_label(code: str) -> str:
    """English name of an ISO 639 code as GeoNames writes it ("de", "yue", "zh-TW")."""
    base, _, variant = code.partition("-")
    found = None
    if len(base) in (2, 3):
        found = pycountry.languages.get(**{"alpha_2" if len(base) == 2 else "alpha_3": base})
    label = found.name if found is not None else base
    return f"{label} ({variant})" if variant else label


def city_names(city: City, limit: int = 12) -> tuple[list[str], list[dict[str, Any]]]:
    """One query for the city's alternate names: a few Latin spellings for "also known as",
    and every alternate name grouped by its language (as GeoNames' alternate names table
    gives them), by the language's name, with "language unknown" last."""
    rows = (
        CityName.objects.filter(city=city, kind=CityName.Kind.ALTERNATE)
        .exclude(name=city.name)
        .order_by("key")
        .values_list("name", "key", "languages")
    )
    aliases: list[str] = []
    groups: dict[str, list[str]] = {}
    for name, key, languages in rows:
        if len(aliases) < limit and _latin_alias(city, name, key):
            aliases.append(name)
        for code in languages.split(",") if languages else [""]:
            if code or _latin_alias(city, name, key) or not key.isascii():
                groups.setdefault(code, []).append(name)
    ordered = sorted((code for code in groups if code), key=lambda c: (language_label(c), c))
    by_language = [
        {"language": code, "label": language_label(code), "names": groups[code]} for code in ordered
    ]
    if "" in groups:
        by_language.append({"language": "", "label": "Language unknown", "names": groups[""]})
    return aliases, by_language


def whole_cities(cities: QuerySet[City]) -> QuerySet[City]:
    """Leave out the parts of cities (Paris' arrondissements, boroughs): by their GeoNames
    feature code, or by the city the gazetteer found them a part of."""
    return cities.filter(part_of__isnull=True).exclude(feature_code__in=SECTION_FEATURE_CODES)


def largest_cities(country: Country, limit: int = 25) -> QuerySet[City]:
    """A country's largest cities, whole cities only (one query)."""
    return whole_cities(City.objects.filter(country=country)).order_by("-population", "name")[
        :limit
    ]


def countries() -> QuerySet[Country]:
    return Country.objects.all()


OPTION_LIMIT = 20


def city_options(text: str, user: Any = None) -> list[dict[str, Any]]:
    """A city picker's options: the search page's matches in the search page's order, each
    with what tells namesakes apart (country, division, population) and why it matched.
    Provisional places (not yet matched) of a name come right after the cities of that name,
    marked so, with the link to their review."""
    key = name_key(text)
    cities = [_city_option(city) for city in city_search(text, limit=OPTION_LIMIT)]
    places = [_city_option(place) for place in provisional_search(text, limit=OPTION_LIMIT)]
    same = [o for o in cities if key in o["spellings"]]
    same_places = [o for o in places if key in o["spellings"]]
    rest = [o for o in cities if key not in o["spellings"]]
    rest_places = [o for o in places if key not in o["spellings"]]
    options = (same + same_places + rest + rest_places)[:OPTION_LIMIT]
    for option in options:
        del option["spellings"]
    return options


def _city_option(city: City) -> dict[str, Any]:
    reason = getattr(city, "match_reason", "")
    # The spelling the query matched ("alternate name: Koeln" -> Koeln), to tell the same
    # name from a longer one.
    spelled = reason.split(": ", 1)[1] if ": " in reason else city.name
    option = {
        "value": city.pk,
        "label": city.label,
        "name": city.name,
        "country": city.country.name,
        "division": city.admin1_name,
        "population": city.population,
        "reason": reason,
        "provisional": city.provisional,
        "spellings": {name_key(spelled), name_key(city.name)},
    }
    if city.provisional:
        option["label"] = f"{city.label} (not yet matched)"
        option["review_url"] = provisional_review_url(city)
    return option


def provisional_review_url(city: City) -> str:
    """The review queue showing this provisional place (as its page links to it)."""
    return f"{reverse('geo:review')}?city={city.pk}&state="


def records_of_cities_found[M: Model](
    text: str, of_city: Callable[[City], QuerySet[M]], limit: int = OPTION_LIMIT
) -> list[tuple[M, City]]:
    """The records of the cities the city search finds for `text` (agreements, commitments),
    those of the best match first, each with the city it was found through (which carries
    the city's `match_reason`). One query a city, for the few cities a picker shows."""
    found: list[tuple[M, City]] = []
    seen: set[Any] = set()
    for city in city_search(text):
        for record in of_city(city)[:limit]:
            # A tie between two cities found is listed once, under the better match.
            if record.pk not in seen and len(found) < limit:
                seen.add(record.pk)
                found.append((record, city))
        if len(found) >= limit:
            break
    return found


def division_options(text: str, user: Any = None) -> list[dict[str, Any]]:
    """A division picker's options: by ISO 3166-2 code ("US-OR") or by name."""
    text = text.strip()
    if not text:
        return []
    found = Division.objects.select_related("country").filter(
        Q(code__iexact=text) | Q(code__istartswith=text) | Q(name__icontains=text)
    )
    return [
        {"value": d.code, "label": f"{d.name} ({d.code}), {d.country.name}", "name": d.name}
        for d in found.order_by("name", "code")[:OPTION_LIMIT]
    ]


def with_degrees(cities: QuerySet[City]) -> QuerySet[City]:
    """Cities with their degree counts, each a correlated subquery so that sorting and
    filtering by them stays in the database: `agreement_count` (either side),
    `partner_count` (distinct partner cities) and `membership_count` (in force: no end date).

    The models are looked up by name: the gazetteer does not import the domains that tie
    cities together, it only counts their ties."""
    agreement = apps.get_model("agreements", "Agreement")
    membership = apps.get_model("organisations", "Membership")
    ties = agreement.objects.filter(Q(city_a=OuterRef("pk")) | Q(city_b=OuterRef("pk"))).order_by()
    # Of the two ends, the partner is the one that is not this city: a + b - this is its id.
    return cities.annotate(
        agreement_count=Coalesce(Subquery(ties.annotate(n=_COUNT_ALL).values("n")[:1]), 0),
        partner_count=Coalesce(
            Subquery(
                ties.annotate(
                    n=Func(
                        F("city_a_id") + F("city_b_id"),
                        template="COUNT(DISTINCT %(expressions)s)",
                        output_field=IntegerField(),
                    )
                ).values("n")[:1]
            ),
            0,
        ),
        membership_count=Coalesce(
            Subquery(
                membership.objects.filter(city=OuterRef("pk"), left="")
                .order_by()
                .annotate(n=_COUNT_ALL)
                .values("n")[:1]
            ),
            0,
        ),
    )


_COUNT_ALL = Func(template="COUNT(*)", output_field=IntegerField())
