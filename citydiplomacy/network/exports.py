"""Exports of a public layer on a date, for Gephi, networkx, R or pandas users.

GraphML and GEXF carry the graph with every node's metrics as attributes; Parquet gives two
tables (nodes and edges) with the same columns. The columns are documented in
docs/network.md. Only public layers can be exported (`graph.layer` refuses a private one), so
an office's engagements never leave through here. Metrics come from the stored snapshot of
that layer and date when there is one, or are computed for the export.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from citydiplomacy.core import extensions
from citydiplomacy.geo.models import City
from citydiplomacy.network import selectors
from citydiplomacy.network.graph import (
    COMBINED,
    CityGraph,
    combined_graph,
    layer_graph,
    public_layer_names,
)
from citydiplomacy.network.metrics import compute
from citydiplomacy.organisations.models import Organisation

if TYPE_CHECKING:
    # networkx and pyarrow load when a file is written, not when the site starts.
    import networkx as nx
    import pyarrow as pa

FORMATS = ("graphml", "gexf", "parquet")
NODE_COLUMNS = (
    "node", "kind", "label", "country", "latitude", "longitude", "population",
    "degree", "strength", "pagerank", "betweenness", "eigenvector", "coreness", "clustering",
    "component", "community", "connectivity", "rank",
)  # fmt: skip
EDGE_COLUMNS = ("source", "target", "weight", "attributes")


def graph_for(
    layer: str, as_of: dt.date | None, user: Any = None, *, private: bool = False
) -> CityGraph:
    """The layer's graph; a private layer only with `private` and only the user's own ties."""
    if layer == COMBINED:
        return combined_graph(dict.fromkeys(public_layer_names(bipartite=False), 1.0), as_of)
    if private:
        return layer_graph(layer, as_of, user, public_only=False)
    return layer_graph(layer, as_of)


def _metric_rows(layer: str, as_of: dt.date | None, built: CityGraph) -> list[dict[str, Any]]:
    snap = selectors.snapshot(layer, as_of)
    if snap is not None and snap.nodes == built.graph.vcount():
        stored = {row.node: selectors.metric_row(row) for row in snap.metrics.all()}
        return [stored.get(str(key), {}) for key in built.keys]
    metrics = compute(built.graph)
    order = (-metrics.pagerank).argsort(kind="stable").argsort() + 1
    rows = []
    for i in range(len(built.keys)):
        clustering = float(metrics.clustering[i])
        rows.append({
            "degree": int(metrics.degree[i]), "strength": float(metrics.strength[i]),
            "pagerank": float(metrics.pagerank[i]), "betweenness": float(metrics.betweenness[i]),
            "eigenvector": float(metrics.eigenvector[i]), "coreness": int(metrics.coreness[i]),
            "clustering": None if math.isnan(clustering) else clustering,
            "component": int(metrics.component[i]), "community": int(metrics.community[i]),
            "connectivity": None, "rank": int(order[i]),
        })  # fmt: skip
    return rows


def node_table(layer: str, as_of: dt.date | None, built: CityGraph) -> list[dict[str, Any]]:
    city_ids = [key for key in built.keys if isinstance(key, int)]
    cities = {
        row["pk"]: row
        for row in City.objects.filter(pk__in=city_ids).values(
            "pk", "name", "country_id", "latitude", "longitude", "population"
        )
    }
    slugs = [str(key)[4:] for key in built.keys if isinstance(key, str)]
    organisations = dict(Organisation.objects.filter(slug__in=slugs).values_list("slug", "name"))
    table = []
    for key, metrics in zip(built.keys, _metric_rows(layer, as_of, built), strict=True):
        city = cities.get(key) if isinstance(key, int) else None
        row: dict[str, Any] = {
            "node": str(key),
            "kind": "city" if isinstance(key, int) else "organisation",
            "label": city["name"] if city else organisations.get(str(key)[4:], str(key)),
            "country": city["country_id"] if city else None,
            "latitude": city["latitude"] if city else None,
            "longitude": city["longitude"] if city else None,
            "population": city["population"] if city else None,
        }
        row.update({column: metrics.get(column) for column in NODE_COLUMNS[7:]})
        table.append(row)
    return table


def edge_table(built: CityGraph) -> list[dict[str, Any]]:
    weights = built.graph.es["weight"] if built.graph.ecount() else []
    return [
        {
            "source": str(built.keys[edge.source]),
            "target": str(built.keys[edge.target]),
            "weight": float(weight),
            "attributes": ";".join(f"{k}={v}" for k, v in sorted(attrs.items())),
        }
        for edge, weight, attrs in zip(built.graph.es, weights, built.edge_attrs, strict=True)
    ]


def to_networkx(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> nx.Graph[str]:
    import networkx as nx

    graph: nx.Graph[str] = nx.Graph()
    for row in nodes:
        # GraphML and GEXF have no null: a missing figure is left out of that node.
        graph.add_node(
            row["node"], **{k: v for k, v in row.items() if v is not None and k != "node"}
        )
    for row in edges:
        graph.add_edge(
            row["source"], row["target"], weight=row["weight"], attributes=row["attributes"]
        )
    return graph


def write(layer: str, as_of: dt.date | None, fmt: str, target: Path) -> list[Path]:
    """Write the export; Parquet writes `<target>-nodes.parquet` and `<target>-edges.parquet`."""
    if fmt not in FORMATS:
        raise ValueError(f"format: choose one of {', '.join(FORMATS)}.")
    built = graph_for(layer, as_of)
    nodes, edges = node_table(layer, as_of, built), edge_table(built)
    if fmt == "parquet":
        stem = target.with_suffix("")
        paths = [
            stem.with_name(f"{stem.name}-nodes.parquet"),
            stem.with_name(f"{stem.name}-edges.parquet"),
        ]
        import pyarrow.parquet as pq

        pq.write_table(nodes_arrow(nodes), paths[0])
        pq.write_table(edges_arrow(edges), paths[1])
        return paths
    target.write_bytes(render(fmt, nodes, edges))
    return [target]


def render(fmt: str, nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> bytes:
    import networkx as nx

    graph = to_networkx(nodes, edges)
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(graph, buffer)
    else:
        nx.write_gexf(graph, buffer)
    return buffer.getvalue()


def nodes_arrow(nodes: list[dict[str, Any]]) -> pa.Table:
    import pyarrow as pa

    schema = pa.schema([
        ("node", pa.string()), ("kind", pa.string()), ("label", pa.string()),
        ("country", pa.string()), ("latitude", pa.float64()), ("longitude", pa.float64()),
        ("population", pa.int64()), ("degree", pa.int64()), ("strength", pa.float64()),
        ("pagerank", pa.float64()), ("betweenness", pa.float64()), ("eigenvector", pa.float64()),
        ("coreness", pa.int64()), ("clustering", pa.float64()), ("component", pa.int64()),
        ("community", pa.int64()), ("connectivity", pa.float64()), ("rank", pa.int64()),
    ])  # fmt: skip
    return pa.Table.from_pylist(nodes, schema=schema)


def edges_arrow(edges: list[dict[str, Any]]) -> pa.Table:
    import pyarrow as pa

    schema = pa.schema([
        ("source", pa.string()), ("target", pa.string()), ("weight", pa.float64()),
        ("attributes", pa.string()),
    ])  # fmt: skip
    return pa.Table.from_pylist(edges, schema=schema)


def parquet_bytes(table: pa.Table) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    buffer = pa.BufferOutputStream()
    pq.write_table(table, buffer)
    return bytes(buffer.getvalue().to_pybytes())


# --- The export engine's datasets (`citydiplomacy export`, /export/<name>.<format>) ------------

DATASET_PREFIX = "network-"
TABLES = ("nodes", "edges")
CONTENT_TYPES = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "parquet": "application/vnd.apache.parquet",
}


def parse_date(raw: str) -> dt.date | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"as_of: {raw!r} is not a date (write YYYY-MM-DD).") from None


def export_file(
    layer: str,
    fmt: str,
    as_of: dt.date | None,
    *,
    table: str = "nodes",
    user: Any = None,
    private: bool = False,
) -> tuple[bytes, str, str]:
    """One file of a layer: (content, content type, file name). ValueError on bad input."""
    if fmt not in FORMATS:
        raise ValueError(f"format: choose one of {', '.join(FORMATS)}.")
    if fmt == "parquet" and table not in TABLES:
        raise ValueError(f"table: {table!r}; choose nodes or edges.")
    built = graph_for(layer, as_of, user, private=private)
    nodes, edges = node_table(layer, as_of, built), edge_table(built)
    stamp = as_of.isoformat() if as_of else "today"
    if fmt == "parquet":
        arrow = nodes_arrow(nodes) if table == "nodes" else edges_arrow(edges)
        return parquet_bytes(arrow), CONTENT_TYPES[fmt], f"{layer}-{stamp}-{table}.parquet"
    return render(fmt, nodes, edges), CONTENT_TYPES[fmt], f"{layer}-{stamp}.{fmt}"


def _renderer(layer: str, private: bool) -> Callable[[str, Any, Any], list[bytes]]:
    def render_dataset(fmt: str, filters: Any, user: Any) -> list[bytes]:
        unknown = sorted(set(filters) - {"as_of", "table", "office"})
        if unknown:
            raise ValueError(f"{unknown[0]}: not a filter of a layer (as_of, table).")
        as_of = parse_date(filters.get("as_of", ""))
        table = filters.get("table", "nodes")
        content, _, _ = export_file(layer, fmt, as_of, table=table, user=user, private=private)
        return [content]

    return render_dataset


def register_datasets() -> None:
    """One export dataset per graph layer and the combination, named `network-<layer>`.

    A private layer's dataset is private: the export engine gives it only to signed-in users
    and the layer yields only their own offices' ties (nothing to an anonymous visitor).
    """
    names = [(item.name, item.private) for item in extensions.graph_layers]
    for order, (name, private) in enumerate([*names, (COMBINED, False)]):
        extensions.exports.register(
            extensions.ExportDataset(
                name=f"{DATASET_PREFIX}{name}",
                formats=FORMATS,
                private=private,
                render=_renderer(name, private),
                order=200 + order,
            )
        )
