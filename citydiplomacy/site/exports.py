"""Exporting agreements and memberships as CSV, JSON, GeoJSON and GraphML; and an office's
engagements (also as an iCalendar file), follow-ups and contacts, for its own members only.

The same rows, filtered by the same FilterSets as the list pages, feed every format, so an
export holds what the filtered list shows. Used by `citydiplomacy export` and the export
links of the list pages.
"""

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import django_filters
from django.db.models import Model, QuerySet
from django.http import QueryDict

from citydiplomacy.agreements.exports import AGREEMENT_COLUMNS, agreement_rows
from citydiplomacy.agreements.filtersets import AgreementFilterSet
from citydiplomacy.agreements.models import Agreement
from citydiplomacy.contacts.filtersets import ContactFilterSet
from citydiplomacy.contacts.models import Contact
from citydiplomacy.contacts.selectors import CONTACT_COLUMNS, contact_row, visible_contacts
from citydiplomacy.engagements.exports import (
    ENGAGEMENT_COLUMNS,
    FOLLOW_UP_COLUMNS,
    engagement_row,
    follow_up_row,
)
from citydiplomacy.engagements.filtersets import EngagementFilterSet, FollowUpFilterSet
from citydiplomacy.engagements.models import Engagement, FollowUp
from citydiplomacy.engagements.selectors import member_engagements, visible_follow_ups, with_details
from citydiplomacy.organisations.exports import MEMBERSHIP_COLUMNS, membership_rows
from citydiplomacy.organisations.filtersets import MembershipFilterSet
from citydiplomacy.organisations.models import Membership

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


def columns(dataset: str) -> list[str]:
    return list(DATASETS[dataset].columns)


@dataclass(frozen=True)
class Dataset:
    filterset: type[django_filters.FilterSet]
    queryset: Callable[[], QuerySet[Any]]
    row: Callable[[Any], dict[str, Any]] | None
    # An office's private records: the rows `for_user(user)` may see replace `queryset()`.
    for_user: Callable[[Any], QuerySet[Any]] | None = None
    formats: tuple[str, ...] = ("csv", "json", "geojson", "graphml")
    columns: tuple[str, ...] = ()
    # Registry datasets stream their rows from the filtered queryset as plain values
    # (`rows(queryset)`), instead of one `row(record)` per model instance.
    rows: Callable[[QuerySet[Any]], Iterator[dict[str, Any]]] | None = None

    @property
    def private(self) -> bool:
        return self.for_user is not None


def _office_dataset(
    filterset: type[django_filters.FilterSet],
    model: type[Model],
    for_user: Callable[[Any], QuerySet[Any]],
    row: Callable[[Any], dict[str, Any]],
    columns: list[str],
    formats: tuple[str, ...] = ("csv", "json"),
) -> Dataset:
    return Dataset(
        filterset,
        model._default_manager.none,  # never used: the rows come from for_user
        row,
        for_user=for_user,
        formats=formats,
        columns=tuple(columns),
    )


DATASETS = {
    "agreements": Dataset(
        AgreementFilterSet,
        Agreement.objects.all,
        None,
        columns=AGREEMENT_COLUMNS,
        rows=agreement_rows,
    ),
    "memberships": Dataset(
        MembershipFilterSet,
        Membership.objects.all,
        None,
        columns=MEMBERSHIP_COLUMNS,
        rows=membership_rows,
    ),
    "engagements": _office_dataset(
        EngagementFilterSet,
        Engagement,
        lambda user: with_details(member_engagements(user)),
        engagement_row,
        ENGAGEMENT_COLUMNS,
        formats=("csv", "json", "ics"),
    ),
    "follow-ups": _office_dataset(
        FollowUpFilterSet, FollowUp, visible_follow_ups, follow_up_row, FOLLOW_UP_COLUMNS
    ),
    "contacts": _office_dataset(
        ContactFilterSet, Contact, visible_contacts, contact_row, CONTACT_COLUMNS
    ),
}


def _filtered(dataset: str, filters: QueryDict, user: Any) -> QuerySet[Any]:
    spec = DATASETS[dataset]
    base = spec.for_user(user) if spec.for_user is not None else spec.queryset()
    filterset = spec.filterset(filters, queryset=base.order_by("pk"))
    if not filterset.is_valid():
        raise ExportError(
            "; ".join(f"{name}: {' '.join(errs)}" for name, errs in filterset.errors.items())
        )
    return filterset.qs


def export_records(dataset: str, filters: QueryDict, user: Any = None) -> Iterator[Model]:
    """The records of `dataset` that the list-page filters in `filters` keep.

    Office datasets hold only the records of `user`'s own offices (none without a user).
    """
    return _filtered(dataset, filters, user).iterator(chunk_size=2000)


def export_rows(dataset: str, filters: QueryDict, user: Any = None) -> Iterator[dict[str, Any]]:
    """The export rows of the records the filters keep, in id order."""
    spec = DATASETS[dataset]
    records = _filtered(dataset, filters, user)
    if spec.rows is not None:
        return spec.rows(records)
    row = spec.row
    assert row is not None, f"{dataset} has neither rows nor row"
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


_NODE_KEYS = (("kind", "string"), ("name", "string"), ("country", "string"))
_NODE_KEYS_GEO = (("latitude", "double"), ("longitude", "double"))


def _graphml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape("" if value is None else str(value))


def _data(key: str, value: Any) -> str:
    return f'<data key="{key}">{_graphml_value(value)}</data>'


def write_graphml(rows: Iterable[dict[str, Any]], columns: list[str]) -> Iterator[str]:
    """The rows as a GraphML graph, streamed: a node for each city (and organisation) the
    first time a row names it, an edge for each row with the row's other columns."""
    pair = "city_a_geonames_id" in columns
    ends = ("city_a_", "city_b_") if pair else ("city_",)
    node_columns = {f"{end}{name}" for end in ends for name in _CITY_COLUMNS}
    if not pair:
        node_columns |= {"organisation", "organisation_name"}
    edge_columns = [c for c in columns if c not in node_columns and c != "id"]
    head = [
        '<?xml version="1.0" encoding="utf-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
    ]
    for key, kind in (*_NODE_KEYS, *_NODE_KEYS_GEO):
        head.append(f'<key id="n_{key}" for="node" attr.name="{key}" attr.type="{kind}"/>\n')
    head.append('<key id="e_id" for="edge" attr.name="id" attr.type="long"/>\n')
    for column in edge_columns:
        head.append(f'<key id="e_{column}" for="edge" attr.name="{column}" attr.type="string"/>\n')
    head.append('<graph edgedefault="undirected">\n')
    yield "".join(head)
    seen: set[str] = set()
    parts: list[str] = []
    for index, row in enumerate(rows, start=1):
        ids = []
        for end in ends:
            node = f"city:{row[end + 'geonames_id']}"
            ids.append(node)
            if node not in seen:
                seen.add(node)
                parts.append(
                    f"<node id={quoteattr(node)}>{_data('n_kind', 'city')}"
                    f"{_data('n_name', row[end + 'name'])}"
                    f"{_data('n_country', row[end + 'country'])}"
                    f"{_data('n_latitude', row[end + 'latitude'])}"
                    f"{_data('n_longitude', row[end + 'longitude'])}</node>\n"
                )
        if not pair:
            node = f"organisation:{row['organisation']}"
            ids.append(node)
            if node not in seen:
                seen.add(node)
                parts.append(
                    f"<node id={quoteattr(node)}>{_data('n_kind', 'organisation')}"
                    f"{_data('n_name', row['organisation_name'])}</node>\n"
                )
        data = "".join(_data(f"e_{c}", row.get(c)) for c in edge_columns)
        parts.append(
            f"<edge id={quoteattr('e' + str(row['id']))} source={quoteattr(ids[0])} "
            f"target={quoteattr(ids[1])}>{_data('e_id', row['id'])}{data}</edge>\n"
        )
        if index % _BATCH == 0:
            yield "".join(parts)
            parts.clear()
    yield "".join(parts) + "</graph>\n</graphml>\n"


_CITY_COLUMNS = ("geonames_id", "name", "country", "latitude", "longitude")


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


def export(dataset: str, fmt: str, filters: QueryDict, user: Any = None) -> Iterator[str]:
    """The export as chunks of text, ready to be written to a file or streamed."""
    if dataset not in DATASETS:
        raise ExportError(f"Unknown dataset {dataset!r}; choose one of {', '.join(DATASETS)}.")
    if fmt not in FORMATS:
        raise ExportError(f"Unknown format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    if fmt not in DATASETS[dataset].formats:
        allowed = ", ".join(DATASETS[dataset].formats)
        raise ExportError(f"{dataset} cannot be exported as {fmt}; choose one of {allowed}.")
    rows = export_rows(dataset, filters, user)
    writer = {
        "csv": write_csv,
        "json": write_json,
        "geojson": write_geojson,
        "graphml": write_graphml,
        "ics": write_ics,
    }[fmt]
    return writer(rows, columns(dataset))
