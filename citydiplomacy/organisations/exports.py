"""The memberships dataset of the export engine (CSV, JSON, GeoJSON points, GraphML),
streamed from plain values with their citations merged in (see `agreements.exports`)."""

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from citydiplomacy.core.extensions import ExportDataset
from citydiplomacy.geo.exports import city_columns, city_node, city_values
from citydiplomacy.organisations.filtersets import MembershipFilterSet
from citydiplomacy.organisations.models import Membership
from citydiplomacy.organisations.selectors import memberships
from citydiplomacy.sources.selectors import CITATION_COLUMNS, citations_of, with_citation_columns

COLUMNS = (
    "id",
    "organisation",
    "organisation_name",
    *city_columns("city_"),
    "role",
    "joined",
    "left",
    *CITATION_COLUMNS,
)

_VALUES = (
    "id",
    "organisation__slug",
    "organisation__name",
    "city_id",
    "city__name",
    "city__country_id",
    "city__latitude",
    "city__longitude",
    "city__population",
    "city__provisional",
    "role",
    "joined",
    "left",
)


def membership_rows(records: QuerySet[Membership]) -> Iterator[dict[str, Any]]:
    """The export rows of `records` (already filtered), in id order."""
    ordered = records.order_by("pk")
    keys = COLUMNS[: len(_VALUES)]
    plain = (
        dict(zip(keys, values, strict=True))
        for values in ordered.values_list(*_VALUES).iterator(chunk_size=5000)
    )
    return with_citation_columns(ordered, plain)


def membership_row(m: Membership) -> dict[str, Any]:
    citations = sorted(citations_of(m), key=lambda c: (c.source.key, c.page, c.locator))
    return {
        "id": m.pk,
        "organisation": m.organisation.slug,
        "organisation_name": m.organisation.name,
        **city_values("city_", m.city),
        "role": m.role,
        "joined": m.joined,
        "left": m.left,
        "sources": ";".join(dict.fromkeys(c.source.key for c in citations)),
        "source_locators": " | ".join(
            f"{c.source.key}: {c.locator}" if c.locator else c.source.key for c in citations
        ),
        "source_quotes": " | ".join(c.quote for c in citations if c.quote),
    }


def membership_edge(row: dict[str, Any]) -> tuple[Any, Any, dict[str, Any]]:
    organisation = (
        f"organisation:{row['organisation']}",
        {"kind": "organisation", "name": row["organisation_name"]},
    )
    attrs = {key: row[key] for key in ("role", "joined", "left", *CITATION_COLUMNS)}
    attrs["id"] = row["id"]
    return city_node("city_", row), organisation, attrs


DATASET = ExportDataset(
    name="memberships",
    filterset=MembershipFilterSet,
    records=lambda user: memberships(),
    row=membership_row,
    rows=membership_rows,
    columns=COLUMNS,
    formats=("csv", "json", "geojson", "graphml"),
    graph_edge=membership_edge,
    order=20,
)
