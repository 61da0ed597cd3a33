"""Writing cities (the gazetteer itself is loaded by `geo.gazetteer`) and finding them by id."""

from typing import Any

from django.core.exceptions import ValidationError

from citydiplomacy.core.history.services import Actor, assign_fields, update_recorded
from citydiplomacy.geo.models import City, Country

CITY_EDITABLE = ("wikidata_id",)


def city_by_id(value: Any, field: str = "city") -> City:
    """The city with GeoNames id `value`, or a ValidationError naming `field`."""
    try:
        geonames_id = int(value)
    except (TypeError, ValueError):
        raise ValidationError(
            {field: f"{value!r} is not a GeoNames id (a whole number such as 3448439)."},
            code="invalid",
        ) from None
    city = City.objects.select_related("country").filter(pk=geonames_id).first()
    if city is None:
        raise ValidationError(
            {field: f"No city with GeoNames id {geonames_id} in the gazetteer."}, code="unknown"
        )
    return city


def country_by_code(value: Any, field: str = "country") -> Country:
    code = str(value or "").strip().upper()
    country = Country.objects.filter(pk=code).first()
    if country is None:
        raise ValidationError({field: f"No country with ISO code {value!r}."}, code="unknown")
    return country


def city_update(city: City, *, actor: Actor, expected_version: int | None, **changes: Any) -> City:
    assign_fields(city, changes, CITY_EDITABLE)
    update_recorded(city, actor=actor, expected_version=expected_version)
    return city
