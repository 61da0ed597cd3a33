"""A city's columns in the export rows of the domains that name cities."""

from typing import Any

from citydiplomacy.geo.models import City

# `provisional`: a place no gazetteer city matched yet (its id is not a GeoNames id).
CITY_FIELDS = (
    "geonames_id",
    "name",
    "country",
    "latitude",
    "longitude",
    "population",
    "provisional",
)


def city_columns(prefix: str) -> list[str]:
    return [f"{prefix}{name}" for name in CITY_FIELDS]


def city_values(prefix: str, city: City) -> dict[str, Any]:
    return {
        f"{prefix}geonames_id": city.pk,
        f"{prefix}name": city.name,
        f"{prefix}country": city.country_id,
        f"{prefix}latitude": city.latitude,
        f"{prefix}longitude": city.longitude,
        f"{prefix}population": city.population,
        f"{prefix}provisional": city.provisional,
    }


def city_node(prefix: str, row: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The graph node of the city whose columns carry `prefix` in an export row."""
    return (
        f"city:{row[f'{prefix}geonames_id']}",
        {
            "kind": "city",
            "name": row[f"{prefix}name"],
            "country": row[f"{prefix}country"],
            "latitude": row[f"{prefix}latitude"],
            "longitude": row[f"{prefix}longitude"],
            "population": row[f"{prefix}population"],
            "provisional": row[f"{prefix}provisional"],
        },
    )
