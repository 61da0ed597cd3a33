"""The gazetteer's step of `citydiplomacy init`: countries with their M49 regions, and the
GeoNames cities of the chosen size."""

from typing import Any

from django.conf import settings

from citydiplomacy.geo.gazetteer import GAZETTEER_SIZES, load_cities, load_countries


def add_arguments(parser: Any) -> None:
    parser.add_argument(
        "--gazetteer",
        type=int,
        choices=GAZETTEER_SIZES,
        default=settings.GAZETTEER_MIN_POPULATION,
        help="Load cities of at least this population (default: %(default)s).",
    )


def load_gazetteer(options: dict[str, Any], actor: Any) -> list[str]:
    size = int(options.get("gazetteer") or settings.GAZETTEER_MIN_POPULATION)
    countries = load_countries(actor=actor)
    cities = load_cities(min_population=size, actor=actor, progress=options.get("progress", False))
    return [
        f"Countries: {countries.created} new, {countries.updated} updated. "
        f"Cities (population >= {size:,}): {cities.created} new, "
        f"{cities.updated} updated, {cities.names_created} new names."
    ]
