"""Exporting agreements and memberships as CSV, JSON, GeoJSON and GraphML.

The same rows, filtered by the same FilterSets as the list pages, feed every format, so an
export holds what the filtered list shows. Used by `citydiplomacy export` and the export
links of the list pages.
"""

import csv
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
from citydiplomacy.geo.models import City
from citydiplomacy.organisations.filtersets import MembershipFilterSet
from citydiplomacy.organisations.models import Membership
from citydiplomacy.organisations.selectors import memberships

FORMATS = ("csv", "json", "geojson", "graphml")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "geojson": "application/geo+json",
    "graphml": "application/graphml+xml",
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


def _city_columns(prefix: str) -> list[str]:
    return [
        f"{prefix}{name}" for name in ("geonames_id", "name", "country", "latitude", "longitude")
    ]


def columns(dataset: str) -> list[str]:
    if dataset == "agreements":
        middle = [*_city_columns("city_a_"), *_city_columns("city_b_")]
        return ["id", *middle, "kind", "signed", "ended", "status", "title", "sources"]
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
        "title": a.title,
        "sources": _sources(a),
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


DATASETS = {
    "agreements": Dataset(AgreementFilterSet, agreements, agreement_row),
    "memberships": Dataset(MembershipFilterSet, memberships, membership_row),
}


def export_records(dataset: str, filters: QueryDict) -> Iterator[Model]:
    """The records of `dataset` that the list-page filters in `filters` keep."""
    spec = DATASETS[dataset]
    filterset = spec.filterset(filters, queryset=spec.queryset().order_by("pk"))
    if not filterset.is_valid():
        raise ExportError(
            "; ".join(f"{name}: {' '.join(errs)}" for name, errs in filterset.errors.items())
        )
    return filterset.qs.iterator(chunk_size=2000)


def write_csv(rows: Iterable[dict[str, Any]], columns: list[str]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    yield buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    for row in rows:
        writer.writerow(row)
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


def export(dataset: str, fmt: str, filters: QueryDict) -> Iterator[str]:
    """The export as chunks of text, ready to be written to a file or streamed."""
    if dataset not in DATASETS:
        raise ExportError(f"Unknown dataset {dataset!r}; choose one of {', '.join(DATASETS)}.")
    if fmt not in FORMATS:
        raise ExportError(f"Unknown format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    records = export_records(dataset, filters)
    if fmt == "graphml":
        text = "\n".join(nx.generate_graphml(_graph(dataset, records)))
        return iter([text + "\n"])
    rows = (DATASETS[dataset].row(record) for record in records)
    writer = {"csv": write_csv, "json": write_json, "geojson": write_geojson}[fmt]
    return writer(rows, columns(dataset))
