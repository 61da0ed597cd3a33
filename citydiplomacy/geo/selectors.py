"""Reading cities and countries: type-ahead search and the pieces of the city profile."""

from django.db.models import Case, IntegerField, Max, QuerySet, Value, When

from citydiplomacy.geo.models import City, CityName, Country, PopulationFigure
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
    return [cities[city_id] for city_id in found if city_id in cities]


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
    return City.objects.select_related("country", "source").get(pk=geonames_id)


def population_figures_of_city(city: City) -> QuerySet[PopulationFigure]:
    """The city's population figures with their sources (one query), series by series:
    by kind, then source, oldest year first."""
    return (
        PopulationFigure.objects.filter(city=city)
        .select_related("source")
        .order_by("kind", "source__title", "source_id", "year")
    )


def other_names(city: City, limit: int = 12) -> list[str]:
    """A few alternate spellings in the Latin script, for "also known as"."""
    rows = (
        CityName.objects.filter(city=city, kind=CityName.Kind.ALTERNATE)
        .exclude(name=city.name)
        .order_by("key")
        .values_list("name", "key")
    )
    names: list[str] = []
    for name, key in rows:
        # Lower-case entries are GeoNames' machine transliterations ("sa'o pa'ulo").
        if key.isascii() and name[:1].isupper() and name.lower() != city.name.lower():
            names.append(name)
        if len(names) == limit:
            break
    return names


def countries() -> QuerySet[Country]:
    return Country.objects.all()
