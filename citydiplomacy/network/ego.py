"""A city's ego network over chosen layers, and an organisation's member graph, as JSON
ready for the graph view (cytoscape.js) and its table twin.

Private layers are read with the viewer as `user`, so they yield only that viewer's offices'
ties (nothing for anonymous visitors); nodes are sized by PageRank and coloured by community
from the stored public snapshot of the first public layer shown.
"""

import datetime as dt
from typing import Any

from citydiplomacy.core import extensions
from citydiplomacy.geo.models import City
from citydiplomacy.network import selectors
from citydiplomacy.network.graph import UnknownLayer
from citydiplomacy.organisations.models import Organisation

MAX_NEIGHBOURS = 150


def visible_layers(user: Any) -> list[dict[str, Any]]:
    """The layers a viewer may toggle: every public one, private ones only for signed-in users."""
    signed_in = bool(user is not None and getattr(user, "is_authenticated", False))
    return [
        {
            "name": item.name,
            "title": item.title,
            "private": item.private,
            "bipartite": item.bipartite,
        }
        for item in extensions.graph_layers
        if signed_in or not item.private
    ]


def _layer(name: str, user: Any) -> extensions.GraphLayer:
    allowed = {row["name"] for row in visible_layers(user)}
    if name not in allowed:
        raise UnknownLayer(f"No layer {name!r}; choose among: {', '.join(sorted(allowed))}.")
    return extensions.graph_layers.get(name)


def ego(
    city_id: int, layer_names: list[str], user: Any, as_of: dt.date | None = None
) -> dict[str, Any]:
    edges: list[dict[str, Any]] = []
    for name in layer_names:
        found = _layer(name, user)
        mine = []
        for edge in found.edges(as_of, user):
            if city_id in (edge.source, edge.target):
                mine.append(edge)
        mine.sort(key=lambda e: -e.weight)
        for edge in mine[:MAX_NEIGHBOURS]:
            other = edge.target if edge.source == city_id else edge.source
            edges.append({
                "source": str(city_id), "target": str(other), "layer": name,
                "weight": edge.weight, "one_sided": bool(edge.attrs.get("one_sided", False)),
            })  # fmt: skip
    return {"center": str(city_id), "layers": layer_names, **_nodes(edges, layer_names, as_of)}


def organisation_graph(
    organisation: Organisation, user: Any, as_of: dt.date | None = None
) -> dict[str, Any]:
    """The organisation and its members (membership layer), plus the co-membership ties
    among those members."""
    node = f"org:{organisation.slug}"
    edges: list[dict[str, Any]] = []
    members: set[int] = set()
    for edge in _layer("membership", user).edges(as_of, user):
        if edge.target == node:
            members.add(edge.source)
            edges.append({"source": node, "target": str(edge.source), "layer": "membership",
                          "weight": edge.weight, "one_sided": False})  # fmt: skip
    if "co-membership" in extensions.graph_layers:
        for edge in extensions.graph_layers.get("co-membership").edges(as_of, user):
            if edge.source in members and edge.target in members:
                edges.append({"source": str(edge.source), "target": str(edge.target),
                              "layer": "co-membership", "weight": edge.weight,
                              "one_sided": False})  # fmt: skip
    return {"center": node, "layers": ["membership", "co-membership"],
            **_nodes(edges, ["membership"], as_of, extra=[node])}  # fmt: skip


def _nodes(
    edges: list[dict[str, Any]],
    layer_names: list[str],
    as_of: dt.date | None,
    extra: list[str] | None = None,
) -> dict[str, Any]:
    keys = sorted({e["source"] for e in edges} | {e["target"] for e in edges} | set(extra or []))
    city_ids = [int(k) for k in keys if k.isdigit()]
    cities = {
        str(row["pk"]): row
        for row in City.objects.filter(pk__in=city_ids).values(
            "pk", "name", "country_id", "latitude", "longitude"
        )
    }
    slugs = [k[4:] for k in keys if k.startswith("org:")]
    organisations = dict(Organisation.objects.filter(slug__in=slugs).values_list("slug", "name"))
    public = [n for n in layer_names if n in extensions.graph_layers
              and not extensions.graph_layers.get(n).private]  # fmt: skip
    snap = selectors.snapshot(public[0], as_of) if public else None
    metrics = selectors.node_metrics(snap, keys) if snap is not None else {}
    nodes = []
    for key in keys:
        city = cities.get(key)
        row = metrics.get(key)
        nodes.append({
            "id": key,
            "label": city["name"] if city else organisations.get(key[4:], key),
            "kind": "city" if city else "organisation",
            "country": city["country_id"] if city else None,
            "latitude": city["latitude"] if city else None,
            "longitude": city["longitude"] if city else None,
            "pagerank": row.pagerank if row else None,
            "community": row.community if row else None,
            "degree": row.degree if row else None,
        })  # fmt: skip
    return {"nodes": nodes, "edges": edges, "sized_by": snap.layer if snap else None}
