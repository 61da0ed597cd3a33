"""The import framework's side of the domains' bulk writers: sources and the resolver's index.

The writers themselves belong to their domains (`geo.bulk`, `agreements.bulk`,
`organisations.bulk`, `people.bulk`), where each model's rules are written once beside its
`clean()`; here the import run supplies what they need (the actor naming the run, the
source of the GeoNames places) and keeps the resolver's index in step with what they wrote.
"""

from collections.abc import Iterable

from citydiplomacy.geo.bulk import cities_create, geonames_extract_source, wikidata_ids_store
from citydiplomacy.geo.models import City
from citydiplomacy.geo.resolution.index import Place
from citydiplomacy.imports.importers.common import file_source_key
from citydiplomacy.imports.runs import ImportContext
from citydiplomacy.sources.models import Source, SourceKind
from citydiplomacy.sources.services import source_ensure


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
    new: list[tuple[Place, Source]] = []
    for gid, place in missing.items():
        registry.add(gid)
        if gid not in known:
            chosen = dump_source if gid in dumped else source
            assert chosen is not None
            new.append((place, chosen))
    result = cities_create(new, actor=ctx.actor)
    for refusal in result.refused:
        # Rows naming the city are refused in their turn (their city is not in the registry).
        ctx.report.notes.append(f"GeoNames place {refusal.obj} not added: {refusal.message()}")
    return len(result.written)


def _extract_source(ctx: ImportContext) -> Source:
    return geonames_extract_source(ctx.options.gazetteer, actor=ctx.actor)


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


def store_wikidata_ids(
    wanted: Iterable[tuple[int, str]], ctx: ImportContext
) -> dict[tuple[int, str], str]:
    """Store Wikidata ids on registry cities (see `geo.bulk.wikidata_ids_store`) and let the
    resolver find those cities by them."""
    problems, changed = wikidata_ids_store(wanted, actor=ctx.actor)
    ctx.resolver.index.by_wikidata.update({city.wikidata_id: city.pk for city in changed})
    return problems
