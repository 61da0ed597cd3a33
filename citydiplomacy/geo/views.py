"""Pages of cities and countries. Each view is the page's data function (HTML and JSON)."""

from typing import Any

from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.agreements.schemas import AgreementOut
from citydiplomacy.agreements.selectors import agreements_of_city
from citydiplomacy.core.accounts.permissions import can_edit_registry
from citydiplomacy.core.editing import edit_record, history_url
from citydiplomacy.core.extensions import collect_panels
from citydiplomacy.core.listing import list_data
from citydiplomacy.core.pages import PageData, PageResult, page
from citydiplomacy.core.schemas import dump
from citydiplomacy.geo.filtersets import CityFilterSet, CountryFilterSet
from citydiplomacy.geo.forms import CityForm
from citydiplomacy.geo.models import City, Country, PopulationFigure
from citydiplomacy.geo.schemas import CityOut, CityRef, CountryOut
from citydiplomacy.geo.selectors import (
    city_for_profile,
    other_names,
    population_figures_of_city,
    with_degrees,
)
from citydiplomacy.organisations.models import Membership
from citydiplomacy.organisations.schemas import MembershipOut
from citydiplomacy.organisations.selectors import memberships_of_city
from citydiplomacy.people.schemas import OfficeOut
from citydiplomacy.people.selectors import mayors_of_city, other_offices_in_city
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


def _agreement_rows(city: City, agreements: list[Agreement]) -> list[dict[str, Any]]:
    rows = []
    for agreement in agreements:
        row = dump(AgreementOut, agreement)
        row["partner"] = dump(CityRef, agreement.partner_of(city.pk))
        row["partner"]["country_name"] = agreement.partner_of(city.pk).country.name
        rows.append(row)
    return rows


def _city_map(city: City, agreements: list[Agreement]) -> dict[str, Any]:
    points = [{"name": city.name, "lat": city.latitude, "lon": city.longitude, "role": "self"}]
    seen = {city.pk}
    for agreement in agreements:
        partner = agreement.partner_of(city.pk)
        if partner.pk not in seen:
            seen.add(partner.pk)
            points.append(
                {
                    "name": f"{partner.name}, {partner.country.name}",
                    "lat": partner.latitude,
                    "lon": partner.longitude,
                    "url": reverse("geo:city", args=[partner.pk]),
                    "role": "partner",
                }
            )
    return {"center": [city.latitude, city.longitude], "points": points, "lines": True}


def _population_series(figures: list[PopulationFigure]) -> list[dict[str, Any]]:
    """One series per kind and source, oldest year first, as the page and its JSON show it."""
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
    return list(series.values())


@page("geo/city_detail.html")
def city_detail(request: HttpRequest, geonames_id: int) -> PageResult:
    """A city's profile: where it is, its mayors, networks and partner cities, with sources."""
    try:
        city = city_for_profile(geonames_id)
    except City.DoesNotExist:
        raise Http404(f"No city with GeoNames id {geonames_id}.") from None
    mayors = list(mayors_of_city(city))
    offices = list(other_offices_in_city(city))
    memberships: list[Membership] = list(memberships_of_city(city))
    agreements = list(agreements_of_city(city))
    figures = list(population_figures_of_city(city))
    series_sources: dict[int, Source] = {f.source_id: f.source for f in figures}
    data: PageData = {
        "title": city.name,
        "city": dump(CityOut, city),
        "country": dump(CountryOut, city.country),
        "also_known_as": other_names(city),
        "mayors": [dump(OfficeOut, office) for office in mayors],
        "other_offices": [dump(OfficeOut, office) for office in offices],
        "memberships": [dump(MembershipOut, m) for m in memberships],
        "agreements": _agreement_rows(city, agreements),
        "population_series": _population_series(figures),
        "counts": {
            "agreements": len(agreements),
            "partner_cities": len({a.partner_of(city.pk).pk for a in agreements}),
            "memberships": len(memberships),
            "organisations": len({m.organisation_id for m in memberships}),
            "mayors": len(mayors),
        },
        "sources": [
            dump(SourceRef, source)
            for source in sources_of(
                [*mayors, *offices, *memberships, *agreements],
                city.source,
                *series_sources.values(),
            )
        ],
        "map": _city_map(city, agreements),
        "history_url": history_url(city),
    }
    # The registered panels (e.g. the office's own dealings with the city, for members).
    panel_data, panels = collect_panels("city", city, request)
    data.update(panel_data.data)
    return PageResult(
        data, html_context={"can_edit": can_edit_registry(request.user), "panels": panels}
    )


def city_edit(request: HttpRequest, geonames_id: int) -> HttpResponse:
    city = get_object_or_404(City, pk=geonames_id)
    return edit_record(
        request,
        form_class=CityForm,
        instance=city,
        can_edit=can_edit_registry,
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
    biggest = City.objects.filter(country=country).select_related("country")[:25]
    partners = Agreement.objects.filter(
        Q(city_a__country=country) | Q(city_b__country=country)
    ).aggregate(total=Count("id"))
    data: PageData = {
        "title": country.name,
        "country": dump(CountryOut, country),
        "counts": {
            "cities": City.objects.filter(country=country).count(),
            "agreements": partners["total"],
            "memberships": Membership.objects.filter(city__country=country).count(),
        },
        "biggest_cities": [dump(CityRef, city) for city in biggest],
    }
    panel_data, panels = collect_panels("country", country, request)
    data.update(panel_data.data)
    return PageResult(data, html_context={"panels": panels})
