"""Reading Wikidata twinning (P190) results: the query service's CSV, TSV or JSON, or a
{"cities", "sisters"} export, as items and statements.
"""

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citydiplomacy.imports.importers.common import number as parse_number
from citydiplomacy.imports.tabular import FileRefused, read_rows, read_text

ITEM = re.compile(r"^(?:https?://www\.wikidata\.org/entity/)?(Q[1-9]\d*)$")
NUMBER = r"[-+]?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?"
POINT = re.compile(rf"^\s*Point\(\s*({NUMBER})\s+({NUMBER})\s*\)\s*$", re.IGNORECASE)
REQUIRED = ("city", "cityLabel", "sister", "sisterLabel")
ENDS = ("city", "sister")

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
