"""The memberships dataset of the export engine (CSV, JSON, GeoJSON points, GraphML)."""

from typing import Any

from citydiplomacy.core.extensions import ExportDataset
from citydiplomacy.geo.exports import city_columns, city_node, city_values
from citydiplomacy.organisations.filtersets import MembershipFilterSet
from citydiplomacy.organisations.models import Membership
from citydiplomacy.organisations.selectors import memberships
from citydiplomacy.sources.selectors import source_keys

COLUMNS = (
    "id",
    "organisation",
    "organisation_name",
    *city_columns("city_"),
    "role",
    "joined",
    "left",
    "sources",
)


def membership_row(m: Membership) -> dict[str, Any]:
    return {
        "id": m.pk,
        "organisation": m.organisation.slug,
        "organisation_name": m.organisation.name,
        **city_values("city_", m.city),
        "role": m.role,
        "joined": m.joined,
        "left": m.left,
        "sources": source_keys(m),
    }


def membership_edge(row: dict[str, Any]) -> tuple[Any, Any, dict[str, Any]]:
    organisation = (
        f"organisation:{row['organisation']}",
        {"kind": "organisation", "name": row["organisation_name"]},
    )
    attrs = {key: row[key] for key in ("role", "joined", "left", "sources")}
    return city_node("city_", row), organisation, attrs


DATASET = ExportDataset(
    name="memberships",
    filterset=MembershipFilterSet,
    records=lambda user: memberships(),
    row=membership_row,
    columns=COLUMNS,
    formats=("csv", "json", "geojson", "graphml"),
    graph_edge=membership_edge,
    order=20,
)
