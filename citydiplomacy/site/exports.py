"""The export engine: any registered dataset (`extensions.exports`) as CSV, JSON, GeoJSON,
GraphML or iCalendar; a dataset that writes itself (the network's layers: GraphML, GEXF,
Parquet) through its `render`.

The same rows, filtered by the same FilterSets as the list pages, feed every format, so an
export holds what the filtered list shows. A private dataset's records are only those of the
requesting user's own offices. Used by `citydiplomacy export` and the list pages' export links.
"""

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from django.db.models import Model, QuerySet
from django.http import HttpRequest, QueryDict

from citydiplomacy.core import extensions
from citydiplomacy.core.extensions import ExportDataset
from citydiplomacy.core.listing import filter_errors

FORMATS = ("csv", "json", "geojson", "graphml", "ics", "gexf", "parquet")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "geojson": "application/geo+json",
    "graphml": "application/graphml+xml",
    "ics": "text/calendar; charset=utf-8",
    "gexf": "application/gexf+xml",
    "parquet": "application/vnd.apache.parquet",
}


class ExportError(Exception):
    pass


def dataset(name: str) -> ExportDataset:
    if name not in extensions.exports:
        raise ExportError(
            f"Unknown dataset {name!r}; choose one of {', '.join(extensions.exports.names())}."
        )
    return extensions.exports.get(name)


def columns(name: str) -> list[str]:
    return list(dataset(name).columns)


def _filtered(name: str, filters: QueryDict, user: Any) -> QuerySet[Any]:
    spec = extensions.exports.get(name)
    assert spec.filterset is not None and spec.records is not None  # a dataset of records
    # The filters see who exports as a list page does (its pickers of the user's contacts,
    # "mine only"): a request that carries the user and nothing else.
    visitor = HttpRequest()
    visitor.user = user
    filterset = spec.filterset(filters, queryset=spec.records(user).order_by("pk"), request=visitor)
    errors = filter_errors(filterset)
    if errors:
        raise ExportError("; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in errors.items()))
    records: QuerySet[Any] = filterset.qs
    return records


def export_records(dataset: str, filters: QueryDict, user: Any = None) -> Iterator[Model]:
    """The records of `dataset` that the list-page filters in `filters` keep.

    Office datasets hold only the records of `user`'s own offices (none without a user).
    """
    records: Iterator[Model] = _filtered(dataset, filters, user).iterator(chunk_size=2000)
    return records


def export_rows(name: str, filters: QueryDict, user: Any = None) -> Iterator[dict[str, Any]]:
    """The export rows of the records the filters keep: streamed as plain values when the
    dataset can (`rows`), else one row per record."""
    spec = extensions.exports.get(name)
    records = _filtered(name, filters, user)
    if spec.rows is not None:
        return spec.rows(records)
    row = spec.row
    assert row is not None
    return (row(record) for record in records.iterator(chunk_size=2000))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula ("=HYPERLINK(...)", "+81-3...")
    gets a leading apostrophe; numbers (a longitude of -74.0) stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


_BATCH = 1000  # rows per streamed chunk: one chunk per row costs more than the rows


def _safe_cell(value: Any) -> Any:
    # Most cells are numbers or plain text: test the first character before anything else.
    if value.__class__ is str and value[:1] in _FORMULA_FIRST:
        return spreadsheet_safe(value)
    return value


_FORMULA_FIRST = frozenset(_FORMULA_START)


def write_csv(rows: Iterable[dict[str, Any]], columns: list[str]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for index, row in enumerate(rows, start=1):
        writer.writerow([_safe_cell(row.get(name, "")) for name in columns])
        if index % _BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_json(rows: Iterable[dict[str, Any]], columns: list[str]) -> Iterator[str]:
    yield "["
    batch: list[str] = []
    for index, row in enumerate(rows):
        batch.append(("," if index else "") + "\n" + json.dumps(row, ensure_ascii=False))
        if len(batch) == _BATCH:
            yield "".join(batch)
            batch.clear()
    yield "".join(batch) + "\n]\n"


def _line(lon_a: float, lat_a: float, lon_b: float, lat_b: float) -> dict[str, Any]:
    """The tie as a line; one that crosses the antimeridian (the short way round is across
    it) is split there into two parts, so maps do not draw it across the whole world."""
    if abs(lon_b - lon_a) <= 180:
        return {"type": "LineString", "coordinates": [[lon_a, lat_a], [lon_b, lat_b]]}
    # Go east from the western end across 180: unwrap the other end by 360 degrees.
    east_b = lon_b + 360 if lon_b < lon_a else lon_b - 360
    edge = 180.0 if east_b > lon_a else -180.0
    share = (edge - lon_a) / (east_b - lon_a)
    lat_edge = lat_a + share * (lat_b - lat_a)
    return {
        "type": "MultiLineString",
        "coordinates": [
            [[lon_a, lat_a], [edge, lat_edge]],
            [[-edge, lat_edge], [lon_b, lat_b]],
        ],
    }


def _feature(row: dict[str, Any]) -> dict[str, Any]:
    if "city_a_longitude" in row:
        geometry = _line(
            row["city_a_longitude"],
            row["city_a_latitude"],
            row["city_b_longitude"],
            row["city_b_latitude"],
        )
    else:
        geometry = {"type": "Point", "coordinates": [row["city_longitude"], row["city_latitude"]]}
    return {"type": "Feature", "geometry": geometry, "properties": row}


def write_geojson(rows: Iterable[dict[str, Any]], columns: list[str]) -> Iterator[str]:
    yield '{"type": "FeatureCollection", "features": ['
    batch: list[str] = []
    for index, row in enumerate(rows):
        batch.append(("," if index else "") + "\n" + json.dumps(_feature(row), ensure_ascii=False))
        if len(batch) == _BATCH:
            yield "".join(batch)
            batch.clear()
    yield "".join(batch) + "\n]}\n"


def _graphml_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    return "string"


def _graphml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape(str(value))


def _graphml_keys(scope: str, attrs: dict[str, Any]) -> dict[str, str]:
    """Key ids by attribute name, with their GraphML type read from the first values."""
    return {name: f"{scope[0]}_{name}" for name in attrs}


def _graphml_data(keys: dict[str, str], attrs: dict[str, Any]) -> str:
    # GraphML has no null: an unknown value is left out rather than written as "None".
    return "".join(
        f'<data key="{keys[name]}">{_graphml_value(value)}</data>'
        for name, value in attrs.items()
        if value is not None and name in keys
    )


def write_graphml(rows: Iterable[dict[str, Any]], spec: ExportDataset) -> Iterator[str]:
    """The rows as a GraphML graph, streamed: each row an edge between the two nodes
    `spec.graph_edge` names, each node written the first time a row names it. The keys are
    declared from the first row (every row of a dataset has the same attributes)."""
    assert spec.graph_edge is not None
    edges = (spec.graph_edge(row) for row in rows)
    first = next(edges, None)
    head = [
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
    ]
    node_keys: dict[str, str] = {}
    edge_keys: dict[str, str] = {}
    if first is not None:
        (_, a_attrs), (_, b_attrs), attrs = first
        node_attrs = {**b_attrs, **a_attrs}
        node_keys = _graphml_keys("node", node_attrs)
        edge_keys = _graphml_keys("edge", attrs)
        for scope, keys, values in (("node", node_keys, node_attrs), ("edge", edge_keys, attrs)):
            for name, key in keys.items():
                kind = _graphml_type(values[name]) if values[name] is not None else "string"
                head.append(
                    f'<key id="{key}" for="{scope}" attr.name={quoteattr(name)} '
                    f'attr.type="{kind}"/>\n'
                )
    head.append('<graph edgedefault="undirected">\n')
    yield "".join(head)
    seen: set[str] = set()
    parts: list[str] = []
    for index, ((a, a_attrs), (b, b_attrs), attrs) in enumerate(
        _chain_first(first, edges), start=1
    ):
        for node, node_attrs in ((a, a_attrs), (b, b_attrs)):
            if node not in seen:
                seen.add(node)
                parts.append(
                    f"<node id={quoteattr(str(node))}>{_graphml_data(node_keys, node_attrs)}"
                    "</node>\n"
                )
        parts.append(
            f"<edge source={quoteattr(str(a))} target={quoteattr(str(b))}>"
            f"{_graphml_data(edge_keys, attrs)}</edge>\n"
        )
        if index % _BATCH == 0:
            yield "".join(parts)
            parts.clear()
    yield "".join(parts) + "</graph>\n</graphml>\n"


def _chain_first(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    if first is not None:
        yield first
    yield from rest


def _ics_text(value: Any) -> str:
    text = str(value or "")
    for plain, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n")):
        text = text.replace(plain, escaped)
    return text.replace("\r", "")


def _ics_line(line: str) -> str:
    """One content line, folded at 75 octets as RFC 5545 asks."""
    parts: list[str] = []
    current = ""
    for char in line:
        if len((current + char).encode()) > (75 if not parts else 74):
            parts.append(current)
            current = ""
        current += char
    parts.append(current)
    return "\r\n ".join(parts) + "\r\n"


def write_ics(rows: Iterable[dict[str, Any]], columns: list[str]) -> Iterator[str]:
    """Rows with `starts_on` / `ends_on` as all-day events of an iCalendar file (calendar
    apps import it)."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    yield _ics_line("BEGIN:VCALENDAR") + _ics_line("VERSION:2.0")
    yield _ics_line("PRODID:-//citydiplomacy//calendar//EN")
    for row in rows:
        start = dt.date.fromisoformat(row["starts_on"])
        end = dt.date.fromisoformat(row["ends_on"] or row["starts_on"]) + dt.timedelta(days=1)
        place = ", ".join(part for part in (row.get("venue"), row.get("place")) if part)
        for line in (
            "BEGIN:VEVENT",
            f"UID:engagement-{row['id']}@citydiplomacy",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end:%Y%m%d}",
            f"SUMMARY:{_ics_text(row['title'])}",
            f"LOCATION:{_ics_text(place)}",
            f"CATEGORIES:{_ics_text(row['kind'])}",
            f"DESCRIPTION:{_ics_text(row.get('summary'))}",
            "END:VEVENT",
        ):
            yield _ics_line(line)
    yield _ics_line("END:VCALENDAR")


def export(name: str, fmt: str, filters: QueryDict, user: Any = None) -> Iterator[Any]:
    """The export as chunks of text (bytes for Parquet), ready to be written or streamed."""
    spec = dataset(name)
    if fmt not in FORMATS:
        raise ExportError(f"Unknown format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    if fmt not in spec.formats:
        allowed = ", ".join(spec.formats)
        raise ExportError(f"{name} cannot be exported as {fmt}; choose one of {allowed}.")
    if spec.render is not None:
        try:
            return iter(spec.render(fmt, filters, user))
        except ValueError as error:
            raise ExportError(str(error)) from None
    rows = export_rows(name, filters, user)
    if fmt == "graphml":
        return write_graphml(rows, spec)
    writer = {"csv": write_csv, "json": write_json, "geojson": write_geojson, "ics": write_ics}
    return writer[fmt](rows, list(spec.columns))
