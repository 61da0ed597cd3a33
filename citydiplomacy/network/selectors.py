"""Reads of the stored snapshots, each in a fixed number of queries."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from citydiplomacy.network.models import NodeMetric, Snapshot

METRICS = (
    "pagerank",
    "degree",
    "strength",
    "betweenness",
    "eigenvector",
    "coreness",
    "clustering",
    "connectivity",
)


def snapshot(layer: str, as_of: dt.date | None = None) -> Snapshot | None:
    return Snapshot.objects.filter(layer=layer, as_of=as_of).select_related("run").first()


def snapshots() -> QuerySet[Snapshot]:
    return Snapshot.objects.order_by("layer", "as_of")


def metrics(snap: Snapshot) -> QuerySet[NodeMetric]:
    return NodeMetric.objects.filter(snapshot=snap).select_related("city", "city__country")


def city_metrics(city_id: int) -> list[NodeMetric]:
    """A city's figures in every current (as of today) snapshot: one query."""
    return list(
        NodeMetric.objects.filter(city_id=city_id, snapshot__as_of=None)
        .select_related("snapshot")
        .order_by("snapshot__layer")
    )


def node_metrics(snap: Snapshot, nodes: list[str]) -> dict[str, NodeMetric]:
    rows = NodeMetric.objects.filter(snapshot=snap, node__in=nodes)
    return {row.node: row for row in rows}


def metric_row(row: NodeMetric) -> dict[str, Any]:
    data: dict[str, Any] = {
        "node": row.node,
        "rank": row.rank,
        "degree": row.degree,
        "strength": round(row.strength, 6),
        "pagerank": round(row.pagerank, 8),
        "betweenness": round(row.betweenness, 8),
        "eigenvector": round(row.eigenvector, 6),
        "coreness": row.coreness,
        "clustering": None if row.clustering is None else round(row.clustering, 6),
        "component": row.component,
        "community": row.community,
        "connectivity": row.connectivity,
    }
    return data


def snapshot_row(snap: Snapshot) -> dict[str, Any]:
    return {
        "layer": snap.layer,
        "as_of": snap.as_of.isoformat() if snap.as_of else None,
        "computed_at": snap.computed_at.isoformat(),
        "run": snap.run_id,
        "nodes": snap.nodes,
        "edges": snap.edges,
        "components": snap.components,
        "communities": snap.communities,
        "modularity": None if snap.modularity is None else round(snap.modularity, 4),
        "betweenness_exact": snap.betweenness_exact,
        "parameters": snap.parameters,
    }
