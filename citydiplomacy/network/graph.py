"""Graphs built from the registered layers (`extensions.graph_layers`), as igraph objects.

The network app knows no domain: it asks each layer for its edges on a date and builds one
undirected weighted igraph graph, whose vertices carry their node key (a GeoNames id, or
`org:<slug>` in the bipartite layer). A combination of layers adds their ties, each layer's
weights first divided by that layer's mean weight so that a layer measured in counts and one
measured in products of service values weigh alike, then multiplied by the layer's factor.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import igraph as ig

from citydiplomacy.core import extensions
from citydiplomacy.core.extensions import Edge, GraphLayer

COMBINED = "combined"


class UnknownLayer(ValueError):
    """A layer name that no app registered (or that the caller may not read)."""


@dataclass
class CityGraph:
    """An igraph graph plus what links its vertex numbers back to the registry."""

    name: str
    graph: ig.Graph
    keys: list[int | str]
    edge_attrs: list[dict[str, Any]] = field(default_factory=list)
    bipartite: bool = False

    @property
    def index(self) -> dict[int | str, int]:
        return {key: i for i, key in enumerate(self.keys)}


def layer(name: str, *, public_only: bool = True) -> GraphLayer:
    if name not in extensions.graph_layers:
        known = ", ".join(public_layer_names() if public_only else extensions.graph_layers.names())
        raise UnknownLayer(f"No layer {name!r}; choose among: {known}.")
    found = extensions.graph_layers.get(name)
    if public_only and found.private:
        raise UnknownLayer(f"The layer {name!r} is private and cannot enter a public figure.")
    return found


def public_layer_names(*, bipartite: bool | None = None) -> list[str]:
    return [
        item.name
        for item in extensions.graph_layers
        if not item.private and (bipartite is None or item.bipartite == bipartite)
    ]


def from_edges(name: str, edges: Iterable[Edge], *, bipartite: bool = False) -> CityGraph:
    """One graph from edges; several edges of one pair add their weights."""
    index: dict[int | str, int] = {}
    keys: list[int | str] = []
    pairs: dict[tuple[int, int], int] = {}
    weights: list[float] = []
    attrs: list[dict[str, Any]] = []
    for edge in edges:
        ends = []
        for key in (edge.source, edge.target):
            if key not in index:
                index[key] = len(keys)
                keys.append(key)
            ends.append(index[key])
        if ends[0] == ends[1]:
            continue
        pair = (min(ends), max(ends))
        if pair in pairs:
            weights[pairs[pair]] += edge.weight
            continue
        pairs[pair] = len(weights)
        weights.append(edge.weight)
        attrs.append(edge.attrs)
    graph = ig.Graph(n=len(keys), edges=list(pairs), edge_attrs={"weight": weights})
    graph.vs["key"] = [str(key) for key in keys]
    return CityGraph(name, graph, keys, attrs, bipartite)


def layer_graph(
    name: str, as_of: dt.date | None = None, user: Any = None, *, public_only: bool = True
) -> CityGraph:
    found = layer(name, public_only=public_only)
    return from_edges(name, found.edges(as_of, user), bipartite=found.bipartite)


def parse_weights(text: str) -> dict[str, float]:
    """'twinning=1,co-membership=0.5' -> {'twinning': 1.0, 'co-membership': 0.5}."""
    weights: dict[str, float] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, raw = item.partition("=")
        try:
            value = float(raw) if sep else 1.0
        except ValueError:
            raise ValueError(f"Layer weight {item!r}: write layer=number.") from None
        if value < 0:
            raise ValueError(f"Layer weight {item!r}: weights cannot be negative.")
        weights[name.strip()] = value
    return weights


def combined_graph(
    weights: dict[str, float],
    as_of: dt.date | None = None,
    user: Any = None,
    *,
    public_only: bool = True,
) -> CityGraph:
    """The weighted combination of city-city layers (bipartite layers cannot be combined)."""
    totals: dict[tuple[int, int], float] = defaultdict(float)
    layers_of: dict[tuple[int, int], list[str]] = defaultdict(list)
    for name, factor in weights.items():
        found = layer(name, public_only=public_only)
        if found.bipartite:
            raise UnknownLayer(
                f"The layer {name!r} ties cities to organisations; it cannot be "
                "combined with city-city layers."
            )
        edges = list(found.edges(as_of, user))
        if not edges or factor == 0:
            continue
        mean = sum(edge.weight for edge in edges) / len(edges) or 1.0
        for edge in edges:
            assert isinstance(edge.target, int)
            pair = (min(edge.source, edge.target), max(edge.source, edge.target))
            totals[pair] += factor * edge.weight / mean
            layers_of[pair].append(name)
    combined = (
        Edge(a, b, weight, {"layers": ",".join(layers_of[(a, b)])})
        for (a, b), weight in totals.items()
    )
    return from_edges(COMBINED, combined)
