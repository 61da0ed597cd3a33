"""API of countries and cities (the gazetteer is read-only except for Wikidata ids)."""

from typing import Annotated, Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Path, Router, Status

from citydiplomacy.core.accounts.api_auth import signed_in
from citydiplomacy.core.accounts.permissions import require_registry_editor
from citydiplomacy.core.history.models import Via
from citydiplomacy.core.history.services import Actor
from citydiplomacy.core.listing import filter_parameters, list_data
from citydiplomacy.core.schemas import ErrorOut, Page
from citydiplomacy.geo.filtersets import (
    CityFilterSet,
    CountryFilterSet,
    ProvisionalPlaceFilterSet,
)
from citydiplomacy.geo.models import City, Country, ProvisionalPlace
from citydiplomacy.geo.review import review_queue
from citydiplomacy.geo.schemas import (
    CityOut,
    CityPatch,
    CitySuggestion,
    CountryOut,
    ProvisionalOut,
    SettleIn,
)
from citydiplomacy.geo.selectors import city_search, with_degrees
from citydiplomacy.geo.services import city_update
from citydiplomacy.geo.settling import provisional_settle

# A GeoNames id as the column holds it: a bigger number is a 422 naming the parameter, not a
# query the database cannot bind (SQLite refuses integers past 64 bits).
GeonamesId = Annotated[int, Path(ge=1, le=2_147_483_647)]

cities = Router(tags=["Cities"])
countries = Router(tags=["Countries"])


@cities.get(
    "/",
    response={200: Page[CityOut], 422: ErrorOut},
    operation_id="city_list",
    openapi_extra={"parameters": filter_parameters(CityFilterSet)},
)
def city_list(request: HttpRequest) -> Any:
    result = list_data(
        request,
        title="Cities",
        filterset_class=CityFilterSet,
        queryset=with_degrees(City.objects.select_related("country")),
        row=lambda city: city,
    )
    return Status(result.status, result.data)


@cities.get("/search", response=list[CitySuggestion], operation_id="city_search")
def city_suggestions(request: HttpRequest, q: str, country: str = "", limit: int = 10) -> Any:
    """Type-ahead: cities by any spelling of their name; exact names, then the biggest, first."""
    return city_search(q, limit=max(1, min(limit, 50)), country=country)


@cities.get(
    "/provisional",
    response={200: Page[ProvisionalOut], 422: ErrorOut},
    operation_id="provisional_list",
    openapi_extra={"parameters": filter_parameters(ProvisionalPlaceFilterSet)},
)
def provisional_list(request: HttpRequest) -> Any:
    """The review queue: places kept by imports that no gazetteer city matched yet (all
    states unless `state` is given), with the source's words and the candidates."""
    result = list_data(
        request,
        title="Places to review",
        filterset_class=ProvisionalPlaceFilterSet,
        queryset=review_queue(),
        row=lambda review: review,
    )
    return Status(result.status, result.data)


@cities.post(
    "/provisional/{geonames_id}/settle",
    response={200: CityOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=signed_in,
    operation_id="provisional_settle",
)
def provisional_settle_api(request: HttpRequest, geonames_id: GeonamesId, payload: SettleIn) -> Any:
    """Settle a provisional place: `choice` is the GeoNames id of the city meant (its ties
    move there and the place is removed), or null to confirm it as a new place."""
    review = get_object_or_404(ProvisionalPlace.objects.select_related("city"), pk=geonames_id)
    city = provisional_settle(
        review, choice=payload.choice, actor=Actor.from_request(request, Via.API)
    )
    return get_object_or_404(with_degrees(City.objects.select_related("country")), pk=city.pk)


@cities.get("/{geonames_id}", response=CityOut, operation_id="city_read")
def city_read(request: HttpRequest, geonames_id: GeonamesId) -> Any:
    return get_object_or_404(with_degrees(City.objects.select_related("country")), pk=geonames_id)


@cities.patch("/{geonames_id}", response=CityOut, auth=signed_in, operation_id="city_update")
def city_patch(request: HttpRequest, geonames_id: GeonamesId, payload: CityPatch) -> Any:
    require_registry_editor(request.user)
    city = get_object_or_404(City.objects.select_related("country"), pk=geonames_id)
    return city_update(
        city,
        actor=Actor.from_request(request, Via.API),
        expected_version=payload.version,
        **payload.model_dump(exclude_unset=True, exclude={"version"}),
    )


@countries.get(
    "/",
    response={200: Page[CountryOut], 422: ErrorOut},
    operation_id="country_list",
    openapi_extra={"parameters": filter_parameters(CountryFilterSet)},
)
def country_list(request: HttpRequest) -> Any:
    result = list_data(
        request,
        title="Countries",
        filterset_class=CountryFilterSet,
        queryset=Country.objects.all(),
        row=lambda country: country,
    )
    return Status(result.status, result.data)


@countries.get("/{iso2}", response=CountryOut, operation_id="country_read")
def country_read(request: HttpRequest, iso2: str) -> Any:
    return get_object_or_404(Country, pk=iso2.upper())
