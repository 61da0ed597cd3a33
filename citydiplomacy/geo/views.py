"""Pages of cities and countries. Each view is the page's data function (HTML and JSON)."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from citydiplomacy.core import extensions
from citydiplomacy.core.accounts.permissions import can_edit_registry
from citydiplomacy.core.editing import edit_record, history_url
from citydiplomacy.core.listing import list_data
from citydiplomacy.core.pages import PageData, PageResult, page
from citydiplomacy.core.schemas import dump
from citydiplomacy.geo.filtersets import CityFilterSet, CountryFilterSet
from citydiplomacy.geo.forms import CityForm
from citydiplomacy.geo.models import (
    PROVISIONAL_ID_START,
    City,
    Country,
    PopulationFigure,
    ProvisionalPlace,
)
from citydiplomacy.geo.schemas import CityOut, CityRef, CountryOut, ProvisionalOut
from citydiplomacy.geo.selectors import (
    city_for_profile,
    city_names,
    largest_cities,
    population_figures_of_city,
    with_degrees,
)
from citydiplomacy.sources.models import Source
from citydiplomacy.sources.schemas import SourceRef
from citydiplomacy.sources.selectors import sources_of


@page("geo/city_list.html")
def city_list(request: HttpRequest) -> PageResult:
    return list_data(
        request,
        title="Cities",
        filterset_class=CityFilterSet,
        queryset=with_degrees(City.objects.select_related("country")),
        row=lambda city: dump(CityOut, city),
    )


def population_series(city: City) -> tuple[list[dict[str, Any]], list[Source]]:
    """One series per kind and source, oldest year first, as the page and its JSON show it;
    and the sources they come from."""
    figures: list[PopulationFigure] = list(population_figures_of_city(city))
    series: dict[tuple[str, int], dict[str, Any]] = {}
    for figure in figures:
        entry = series.get((figure.kind, figure.source_id))
        if entry is None:
            entry = series[(figure.kind, figure.source_id)] = {
                "kind": figure.kind,
                "kind_label": figure.get_kind_display(),
                "area_name": figure.area_name,
                "source": dump(SourceRef, figure.source),
                "locator": figure.locator,
                "figures": [],
            }
        entry["figures"].append(
            {"year": figure.year, "population": figure.population, "projected": figure.projected}
        )
    sources = list({figure.source_id: figure.source for figure in figures}.values())
    return list(series.values()), sources


@page("geo/city_detail.html")
def city_detail(request: HttpRequest, geonames_id: int) -> PageResult:
    """A city's profile: where it is, and each registered panel (mayors, networks, partner
    cities, population, ...), with the sources of every fact shown."""
    try:
        city = city_for_profile(geonames_id)
    except City.DoesNotExist:
        raise Http404(f"No city with GeoNames id {geonames_id}.") from None
    panels, shown = extensions.collect_panels("city", city, request)
    also_known_as, names_by_language = city_names(city)
    sources: list[Source] = [s for s in panels.cited if isinstance(s, Source)]
    records = [r for r in panels.cited if not isinstance(r, Source)]
    data: PageData = {
        "title": city.name,
        "city": dump(CityOut, city),
        "country": dump(CountryOut, city.country),
        "part_of": dump(CityRef, city.part_of) if city.part_of else None,
        "also_known_as": also_known_as,
        "names_by_language": names_by_language,
        **panels.data,
        "counts": panels.counts,
        "sources": [dump(SourceRef, s) for s in sources_of(records, city.source, *sources)],
        "history_url": history_url(city),
        "review": _review_of(city),
    }
    data.setdefault("map", _city_only_map(city))
    context = {
        "can_edit": can_edit_registry(request.user),
        "panels": shown,
        "summary": panels.summary,
    }
    return PageResult(data, html_context=context)


def _review_of(city: City) -> dict[str, Any] | None:
    """What the review queue knows of a provisional (or confirmed) place; None, without a
    query, for a gazetteer city."""
    if city.pk < PROVISIONAL_ID_START:
        return None
    review = ProvisionalPlace.objects.filter(pk=city.pk).first()
    if review is None:
        return None
    review.city = city
    return dump(ProvisionalOut, review)


def _city_only_map(city: City) -> dict[str, Any]:
    point = {"name": city.name, "lat": city.latitude, "lon": city.longitude, "role": "self"}
    return {"center": [city.latitude, city.longitude], "points": [point], "lines": True}


def city_edit(request: HttpRequest, geonames_id: int) -> HttpResponse:
    city = get_object_or_404(City, pk=geonames_id)
    return edit_record(
        request,
        form_class=CityForm,
        instance=city,
        title=f"Edit {city}",
        success_url=lambda c: reverse("geo:city", args=[c.pk]),
    )


@page("geo/country_list.html")
def country_list(request: HttpRequest) -> PageResult:
    return list_data(
        request,
        title="Countries",
        filterset_class=CountryFilterSet,
        queryset=Country.objects.all(),
        row=lambda country: dump(CountryOut, country),
    )


@page("geo/country_detail.html")
def country_detail(request: HttpRequest, iso2: str) -> PageResult:
    country = get_object_or_404(Country, pk=iso2.upper())
    biggest = largest_cities(country)
    panels, shown = extensions.collect_panels("country", country, request)
    data: PageData = {
        "title": country.name,
        "country": dump(CountryOut, country),
        **panels.data,
        # Gazetteer cities only: provisional places are not yet matched to one.
        "counts": {
            "cities": City.objects.filter(country=country, provisional=False).count(),
            **panels.counts,
        },
        "biggest_cities": [dump(CityRef, city) for city in biggest],
    }
    return PageResult(data, html_context={"panels": shown, "summary": panels.summary})
