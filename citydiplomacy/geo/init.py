"""The gazetteer's step of `citydiplomacy init`: countries with their M49 regions, and the
GeoNames cities of the chosen size."""

from pathlib import Path
from typing import Any

from django.conf import settings

from citydiplomacy.core.errors import FileRefused
from citydiplomacy.core.extensions import InitFailed
from citydiplomacy.geo.alternate_names import load_alternate_name_languages
from citydiplomacy.geo.divisions import load_divisions
from citydiplomacy.geo.gazetteer import GAZETTEER_SIZES, load_cities, load_countries


def add_arguments(parser: Any) -> None:
    parser.add_argument(
        "--gazetteer",
        type=int,
        choices=GAZETTEER_SIZES,
        default=settings.GAZETTEER_MIN_POPULATION,
        help="Load cities of at least this population (default: %(default)s).",
    )
    parser.add_argument(
        "--alternate-names",
        type=Path,
        default=None,
        metavar="FILE",
        help="GeoNames' alternate names table (alternateNamesV2.zip or .txt): the languages "
        "of the cities' alternate names.",
    )


def load_gazetteer(options: dict[str, Any], actor: Any) -> list[str]:
    size = int(options.get("gazetteer") or settings.GAZETTEER_MIN_POPULATION)
    countries = load_countries(actor=actor)
    cities = load_cities(min_population=size, actor=actor, progress=options.get("progress", False))
    divisions = load_divisions(actor=actor)
    lines = []
    if options.get("alternate_names"):
        try:
            names = load_alternate_name_languages(Path(options["alternate_names"]))
        except FileRefused as refused:
            raise InitFailed(str(refused)) from None
        lines.append(
            f"Alternate names with their languages: {names.names_updated} updated, "
            f"{names.names_created} new."
        )
    return [
        *lines,
        f"Divisions (ISO 3166-2): {divisions.created} new, {divisions.updated} updated.",
        f"Countries: {countries.created} new, {countries.updated} updated. "
        f"Cities (population >= {size:,}): {cities.created} new, "
        f"{cities.updated} updated, {cities.names_created} new names.",
    ]
