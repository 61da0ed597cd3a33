"""The agreements dataset of the export engine (CSV, JSON, GeoJSON lines, GraphML)."""

from typing import Any

from citydiplomacy.agreements.filtersets import AgreementFilterSet
from citydiplomacy.agreements.models import Agreement
from citydiplomacy.agreements.selectors import agreements
from citydiplomacy.core.extensions import ExportDataset
from citydiplomacy.geo.exports import city_columns, city_node, city_values
from citydiplomacy.sources.selectors import source_keys

COLUMNS = (
    "id",
    *city_columns("city_a_"),
    *city_columns("city_b_"),
    "kind",
    "signed",
    "ended",
    "status",
    "as_of",
    "via_district",
    "title",
    "sources",
    "as_written",
)


def agreement_row(a: Agreement) -> dict[str, Any]:
    return {
        "id": a.pk,
        **city_values("city_a_", a.city_a),
        **city_values("city_b_", a.city_b),
        "kind": a.kind,
        "signed": a.signed,
        "ended": a.ended,
        "status": a.status,
        "as_of": a.as_of,
        "via_district": a.via_district,
        "title": a.title,
        "sources": source_keys(a),
        "as_written": _as_written(a),
    }


def _as_written(record: Agreement) -> str:
    """The names as the sources wrote them (e.g. a borough for its city)."""
    return ";".join(sorted({c.as_written for c in record.citations.all() if c.as_written}))


def agreement_edge(row: dict[str, Any]) -> tuple[Any, Any, dict[str, Any]]:
    attrs = {key: row[key] for key in ("kind", "signed", "status", "sources")}
    return city_node("city_a_", row), city_node("city_b_", row), attrs


DATASET = ExportDataset(
    name="agreements",
    filterset=AgreementFilterSet,
    records=lambda user: agreements(),
    row=agreement_row,
    columns=COLUMNS,
    formats=("csv", "json", "geojson", "graphml"),
    graph_edge=agreement_edge,
    order=10,
)
