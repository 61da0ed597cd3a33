"""The agreements dataset of the export engine (CSV, JSON, GeoJSON lines, GraphML).

Every format is written from rows streamed straight from the database: plain values read in
one streamed query, their citations merged in from a second (`sources.selectors`), so the
full registry's agreements export in seconds with a constant number of queries. Each row
says whether the tie is one-sided, which city states it, and where each source says it.
"""

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from citydiplomacy.agreements.filtersets import AgreementFilterSet
from citydiplomacy.agreements.models import Agreement
from citydiplomacy.agreements.selectors import agreements
from citydiplomacy.core.extensions import ExportDataset
from citydiplomacy.geo.exports import CITY_FIELDS, city_columns, city_node, city_values
from citydiplomacy.sources.selectors import CITATION_COLUMNS, citations_of, with_citation_columns

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
    "one_sided",
    "stated_by_geonames_id",
    "stated_by_name",
    *CITATION_COLUMNS,
)

_CITY_VALUES = ("id", "name", "country_id", "latitude", "longitude", "population", "provisional")
_VALUES = (
    "id",
    *(f"city_a__{name}" if name != "id" else "city_a_id" for name in _CITY_VALUES),
    *(f"city_b__{name}" if name != "id" else "city_b_id" for name in _CITY_VALUES),
    "kind",
    "signed",
    "ended",
    "status",
    "title",
    "stated_only_by_id",
    "as_of",
    "via_district",
)
_ENDS = len(_CITY_VALUES)


def agreement_rows(records: QuerySet[Agreement]) -> Iterator[dict[str, Any]]:
    """The export rows of `records` (already filtered), in id order."""
    ordered = records.order_by("pk")
    return with_citation_columns(ordered, _plain_rows(ordered))


def _plain_rows(records: QuerySet[Agreement]) -> Iterator[dict[str, Any]]:
    a_keys = [f"city_a_{name}" for name in CITY_FIELDS]
    b_keys = [f"city_b_{name}" for name in CITY_FIELDS]
    for values in records.values_list(*_VALUES).iterator(chunk_size=5000):
        a = values[1 : 1 + _ENDS]
        b = values[1 + _ENDS : 1 + 2 * _ENDS]
        kind, signed, ended, status, title, stated_by, as_of, via_district = values[1 + 2 * _ENDS :]
        yield {
            "id": values[0],
            **dict(zip(a_keys, a, strict=True)),
            **dict(zip(b_keys, b, strict=True)),
            "kind": kind,
            "signed": signed,
            "ended": ended,
            "status": status,
            "as_of": as_of,
            "via_district": via_district,
            "title": title,
            **_stating_side(stated_by, a[0], a[1], b[1]),
        }


def _stating_side(stated_by: int | None, a_id: int, a_name: str, b_name: str) -> dict[str, Any]:
    # The stating city is one of the two ends: say which by name as well as by id.
    return {
        "one_sided": stated_by is not None,
        "stated_by_geonames_id": stated_by,
        "stated_by_name": "" if stated_by is None else (a_name if stated_by == a_id else b_name),
    }


def agreement_row(a: Agreement) -> dict[str, Any]:
    """One agreement's row, from a record with its citations prefetched (the same columns
    as the streamed rows)."""
    citations = sorted(citations_of(a), key=lambda c: (c.source.key, c.page, c.locator))
    keys = list(dict.fromkeys(c.source.key for c in citations))
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
        **_stating_side(a.stated_only_by_id, a.city_a_id, a.city_a.name, a.city_b.name),
        "sources": ";".join(keys),
        "source_locators": " | ".join(
            f"{c.source.key}: {', '.join(p for p in (c.page and f'p. {c.page}', c.locator) if p)}"
            if (c.page or c.locator)
            else c.source.key
            for c in citations
        ),
        "source_quotes": " | ".join(c.quote for c in citations if c.quote),
        "as_written": _as_written(a),
    }


def _as_written(record: Agreement) -> str:
    """The names as the sources wrote them (e.g. a borough for its city)."""
    return ";".join(sorted({c.as_written for c in citations_of(record) if c.as_written}))


def agreement_edge(row: dict[str, Any]) -> tuple[Any, Any, dict[str, Any]]:
    attrs = {
        key: row[key]
        for key in (
            "kind",
            "signed",
            "ended",
            "status",
            "one_sided",
            "stated_by_geonames_id",
            "stated_by_name",
            *CITATION_COLUMNS,
        )
    }
    attrs["id"] = row["id"]
    return city_node("city_a_", row), city_node("city_b_", row), attrs


DATASET = ExportDataset(
    name="agreements",
    filterset=AgreementFilterSet,
    records=lambda user: agreements(),
    row=agreement_row,
    rows=agreement_rows,
    columns=COLUMNS,
    formats=("csv", "json", "geojson", "graphml"),
    graph_edge=agreement_edge,
    order=10,
)
