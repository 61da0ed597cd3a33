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

import django_filters
import networkx as nx
from django.db.models import Model, QuerySet
from django.http import QueryDict

from citydiplomacy.agreements.filtersets import AgreementFilterSet
from citydiplomacy.agreements.models import Agreement
from citydiplomacy.agreements.selectors import agreements
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
from citydiplomacy.geo.models import City
from citydiplomacy.organisations.filtersets import MembershipFilterSet
from citydiplomacy.organisations.models import Membership
from citydiplomacy.organisations.selectors import memberships

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


def _city(prefix: str, city: City) -> dict[str, Any]:
    return {
        f"{prefix}geonames_id": city.pk,
        f"{prefix}name": city.name,
        f"{prefix}country": city.country_id,
        f"{prefix}latitude": city.latitude,
        f"{prefix}longitude": city.longitude,
    }


def _sources(record: Any) -> str:
    return ";".join(sorted({c.source.key for c in record.citations.all()}))


def _as_written(record: Any) -> str:
    """The names as the sources wrote them, where they differ from the registry's."""
    return ";".join(sorted({c.as_written for c in record.citations.all() if c.as_written}))


def _city_columns(prefix: str) -> list[str]:
    return [
        f"{prefix}{name}" for name in ("geonames_id", "name", "country", "latitude", "longitude")
    ]


def columns(dataset: str) -> list[str]:
    if DATASETS[dataset].columns:
        return list(DATASETS[dataset].columns)
    if dataset == "agreements":
        middle = [*_city_columns("city_a_"), *_city_columns("city_b_")]
        return [
            "id", *middle, "kind", "signed", "ended", "status", "as_of", "via_district",
            "title", "sources", "as_written",
        ]  # fmt: skip
    return [
        "id",
        "organisation",
        "organisation_name",
        *_city_columns("city_"),
        "role",
        "joined",
        "left",
        "sources",
    ]


def agreement_row(a: Agreement) -> dict[str, Any]:
    return {
        "id": a.pk,
        **_city("city_a_", a.city_a),
        **_city("city_b_", a.city_b),
        "kind": a.kind,
        "signed": a.signed,
        "ended": a.ended,
        "status": a.status,
        "as_of": a.as_of,
        "via_district": a.via_district,
        "title": a.title,
        "sources": _sources(a),
        "as_written": _as_written(a),
    }


def membership_row(m: Membership) -> dict[str, Any]:
    return {
        "id": m.pk,
        "organisation": m.organisation.slug,
        "organisation_name": m.organisation.name,
        **_city("city_", m.city),
        "role": m.role,
        "joined": m.joined,
        "left": m.left,
        "sources": _sources(m),
    }


@dataclass(frozen=True)
class Dataset:
    filterset: type[django_filters.FilterSet]
    queryset: Callable[[], QuerySet[Any]]
    row: Callable[[Any], dict[str, Any]]
    # An office's private records: the rows `for_user(user)` may see replace `queryset()`.
    for_user: Callable[[Any], QuerySet[Any]] | None = None
    formats: tuple[str, ...] = ("csv", "json", "geojson", "graphml")
    columns: tuple[str, ...] = ()

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
    "agreements": Dataset(AgreementFilterSet, agreements, agreement_row),
    "memberships": Dataset(MembershipFilterSet, memberships, membership_row),
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


def export_records(dataset: str, filters: QueryDict, user: Any = None) -> Iterator[Model]:
    """The records of `dataset` that the list-page filters in `filters` keep.

    Office datasets hold only the records of `user`'s own offices (none without a user).
    """
    spec = DATASETS[dataset]
    base = spec.for_user(user) if spec.for_user is not None else spec.queryset()
    filterset = spec.filterset(filters, queryset=base.order_by("pk"))
    if not filterset.is_valid():
        raise ExportError(
            "; ".join(f"{name}: {' '.join(errs)}" for name, errs in filterset.errors.items())
        )
    return filterset.qs.iterator(chunk_size=2000)


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
        geometry = {
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


def _graph(dataset: str, records: Iterable[Any]) -> "nx.MultiGraph[Any]":
    graph: nx.MultiGraph[Any] = nx.MultiGraph()

    def city_node(city: City) -> str:
        node = f"city:{city.pk}"
        graph.add_node(
            node,
            kind="city",
            name=city.name,
            country=city.country_id,
            latitude=city.latitude,
            longitude=city.longitude,
            population=city.population,
        )
        return node

    for record in records:
        if dataset == "agreements":
            graph.add_edge(
                city_node(record.city_a),
                city_node(record.city_b),
                key=record.pk,
                kind=record.kind,
                signed=record.signed,
                status=record.status,
                sources=_sources(record),
            )
        else:
            org = f"organisation:{record.organisation.slug}"
            graph.add_node(org, kind="organisation", name=record.organisation.name)
            graph.add_edge(
                city_node(record.city),
                org,
                key=record.pk,
                role=record.role,
                joined=record.joined,
                left=record.left,
                sources=_sources(record),
            )
    return graph


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
    records = export_records(dataset, filters, user)
    if fmt == "ics":
        rows = (DATASETS[dataset].row(record) for record in records)
        return write_ics(rows, columns(dataset))
    if fmt == "graphml":
        text = "\n".join(nx.generate_graphml(_graph(dataset, records)))
        return iter([text + "\n"])
    rows = (DATASETS[dataset].row(record) for record in records)
    writer = {"csv": write_csv, "json": write_json, "geojson": write_geojson}[fmt]
    return writer(rows, columns(dataset))
