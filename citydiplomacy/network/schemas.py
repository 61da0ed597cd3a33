"""Typed shapes of the network API."""

from typing import Any

from ninja import Schema


class SnapshotOut(Schema):
    layer: str
    as_of: str | None
    computed_at: str
    run: int | None
    nodes: int
    edges: int
    components: int
    communities: int
    modularity: float | None
    betweenness_exact: bool
    parameters: dict[str, Any]


class MetricOut(Schema):
    node: str
    rank: int
    degree: int
    strength: float
    pagerank: float
    betweenness: float
    eigenvector: float
    coreness: int
    clustering: float | None
    component: int
    community: int
    connectivity: float | None


class RankedCityOut(MetricOut):
    city: str | None
    country: str | None


class CityLayerMetricOut(MetricOut):
    layer: str
    nodes: int
    computed_at: str


class GraphNodeOut(Schema):
    id: str
    label: str
    kind: str
    country: str | None
    latitude: float | None
    longitude: float | None
    pagerank: float | None
    community: int | None
    degree: int | None


class GraphEdgeOut(Schema):
    source: str
    target: str
    layer: str
    weight: float
    one_sided: bool


class GraphOut(Schema):
    center: str
    layers: list[str]
    nodes: list[GraphNodeOut]
    edges: list[GraphEdgeOut]
    sized_by: str | None


class ConnectivityRowOut(Schema):
    rank: int
    city: str
    connectivity: float
    relative: float


class RebuildIn(Schema):
    as_of: str | None = None
    layers: list[str] = []
    weights: dict[str, float] = {}
    seed: int = 1
    resolution: float = 1.0


class RunOut(Schema):
    id: int
    kind: str
    status: str
    message: str
    counts: dict[str, Any]
