"""The export engine: any registered dataset (`extensions.exports`) as CSV, JSON, GeoJSON,
GraphML or iCalendar.

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

import networkx as nx
from django.db.models import Model
from django.http import QueryDict

from citydiplomacy.core import extensions
from citydiplomacy.core.extensions import ExportDataset

FORMATS = ("csv", "json", "geojson", "graphml", "ics")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "geojson": "application/geo+json",
    "graphml": "application/graphml+xml",
    "ics": "text/calendar; charset=utf-8",
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


def export_records(dataset: str, filters: QueryDict, user: Any = None) -> Iterator[Model]:
    """The records of `dataset` that the list-page filters in `filters` keep.

    Office datasets hold only the records of `user`'s own offices (none without a user).
    """
    spec = extensions.exports.get(dataset)
    filterset = spec.filterset(filters, queryset=spec.records(user).order_by("pk"))
    if not filterset.is_valid():
        raise ExportError(
            "; ".join(f"{name}: {' '.join(errs)}" for name, errs in filterset.errors.items())
        )
    records: Iterator[Model] = filterset.qs.iterator(chunk_size=2000)
    return records


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


def write_csv(rows: Iterable[dict[str, Any]], columns: list[str]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    yield buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    for row in rows:
        writer.writerow({name: spreadsheet_safe(value) for name, value in row.items()})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def write_json(rows: Iterable[dict[str, Any]], columns: list[str]) -> Iterator[str]:
    yield "["
    for index, row in enumerate(rows):
        yield ("," if index else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]\n"


def _feature(row: dict[str, Any]) -> dict[str, Any]:
    if "city_a_longitude" in row:
        geometry: dict[str, Any] = {
            "type": "LineString",
            "coordinates": [
                [row["city_a_longitude"], row["city_a_latitude"]],
                [row["city_b_longitude"], row["city_b_latitude"]],
            ],
        }
    else:
        geometry = {"type": "Point", "coordinates": [row["city_longitude"], row["city_latitude"]]}
    return {"type": "Feature", "geometry": geometry, "properties": row}


def write_geojson(rows: Iterable[dict[str, Any]], columns: list[str]) -> Iterator[str]:
    yield '{"type": "FeatureCollection", "features": ['
    for index, row in enumerate(rows):
        yield ("," if index else "") + "\n" + json.dumps(_feature(row), ensure_ascii=False)
    yield "\n]}\n"


def _graph(spec: ExportDataset, rows: Iterable[dict[str, Any]]) -> "nx.MultiGraph[Any]":
    """The rows as a graph: each row an edge between the two nodes `spec.graph_edge` names."""
    graph: nx.MultiGraph[Any] = nx.MultiGraph()
    assert spec.graph_edge is not None
    for row in rows:
        (a, a_attrs), (b, b_attrs), attrs = spec.graph_edge(row)
        graph.add_node(a, **_graph_values(a_attrs))
        graph.add_node(b, **_graph_values(b_attrs))
        graph.add_edge(a, b, key=row["id"], **_graph_values(attrs))
    return graph


def _graph_values(attrs: dict[str, Any]) -> dict[str, Any]:
    # GraphML has no null: an unknown value is left out rather than written as "None".
    return {key: value for key, value in attrs.items() if value is not None}


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
    """Engagements as all-day events of an iCalendar file (calendar apps import it)."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    yield _ics_line("BEGIN:VCALENDAR") + _ics_line("VERSION:2.0")
    yield _ics_line("PRODID:-//citydiplomacy//engagements//EN")
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


def export(name: str, fmt: str, filters: QueryDict, user: Any = None) -> Iterator[str]:
    """The export as chunks of text, ready to be written to a file or streamed."""
    spec = dataset(name)
    if fmt not in FORMATS:
        raise ExportError(f"Unknown format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    if fmt not in spec.formats:
        allowed = ", ".join(spec.formats)
        raise ExportError(f"{name} cannot be exported as {fmt}; choose one of {allowed}.")
    records = export_records(name, filters, user)
    rows = (spec.row(record) for record in records)
    if fmt == "graphml":
        text = "\n".join(nx.generate_graphml(_graph(spec, rows)))
        return iter([text + "\n"])
    writer = {"csv": write_csv, "json": write_json, "geojson": write_geojson, "ics": write_ics}
    return writer[fmt](rows, list(spec.columns))
