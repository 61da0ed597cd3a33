#!/usr/bin/env python3
"""Network metrics on the real twinning graph: this project's code, igraph called directly,
and networkx, timed in the same run; and whether their PageRank top 20 agree.

Imports Hekman's Wikipedia twin-town list and the Wikidata P190 file (../shared/data) into a
scratch database (or reuses one given with --data-dir), builds the twinning layer, then times
PageRank, exact betweenness, communities (Leiden here, igraph's Leiden called directly,
Louvain in networkx; the leidenalg package for reference), k-core and components; medians of
--repeat runs (--mid-repeat for PageRank and Leiden, --fast-repeat for k-core and components,
which take milliseconds), ours and igraph's alternated so that the load of the machine weighs
on both alike. Components are
compared both with igraph's Graph.connected_components and with the bare C binding that
returns the membership list (what this project calls). networkx's exact betweenness takes
many minutes on this graph, so it is timed on --nx-pivots sources and scaled by n/k to an
estimate of the exact run (said so in the output). Goals: >= 20x networkx on betweenness,
communities and k-core; within 1.5x of igraph called directly on every metric.
"""

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import fail, load_average, machine
from link_prediction import prepare


def timed(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def paired(
    ours: Callable[[], Any], direct: Callable[[], Any], repeat: int
) -> tuple[float, float, Any]:
    """Medians of `repeat` runs of each, alternated, so a change of the machine's load
    falls on both alike; and our last result."""
    ours_times, direct_times, result = [], [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = ours()
        ours_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        direct()
        direct_times.append(time.perf_counter() - started)
    return statistics.median(ours_times), statistics.median(direct_times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, help="Reuse a data directory already imported.")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--mid-repeat", type=int, default=51, help="Runs of PageRank, Leiden.")
    parser.add_argument("--fast-repeat", type=int, default=501, help="Runs of k-core, components.")
    parser.add_argument("--nx-pivots", type=int, default=300)
    args = parser.parse_args()
    print(f"Network metrics on the twinning graph; {machine()}; {load_average()}")
    with tempfile.TemporaryDirectory(prefix="cd-netmetrics-") as scratch:
        prepare(args.data_dir or Path(scratch), fresh=args.data_dir is None)
        run(args)
        print(f"\n{load_average()} at the end")


def run(args: argparse.Namespace) -> None:
    import igraph as ig
    import leidenalg
    import networkx as nx

    from citydiplomacy.network import metrics
    from citydiplomacy.network.graph import layer_graph

    built_time, built = timed(lambda: layer_graph("twinning"), 1)
    g = built.graph
    n, m = g.vcount(), g.ecount()
    print(f"  graph: {n:,} nodes, {m:,} ties; built from the layer in {built_time:.2f} s")
    nxg = nx.Graph()
    nxg.add_nodes_from(range(n))
    nxg.add_weighted_edges_from(
        (e.source, e.target, w) for e, w in zip(g.es, g.es["weight"], strict=True)
    )
    r = args.repeat
    rows: list[tuple[str, float, float, float, str]] = []

    # Tens of milliseconds, with a spread of +-30% between two identical igraph calls on a
    # shared machine: the ratio needs dozens of alternated runs.
    mid = args.mid_repeat
    ours, direct, pr_ours = paired(
        lambda: metrics.pagerank(g), lambda: g.pagerank(directed=False, weights="weight"), mid
    )
    nx_time, pr_nx = timed(lambda: nx.pagerank(nxg, weight="weight", tol=1e-10), r)
    rows.append(("PageRank", ours, direct, nx_time, f"medians of {mid} alternated runs"))

    ours, _ = timed(lambda: metrics.betweenness(g), 1)
    direct, _ = timed(lambda: g.betweenness(directed=False), 1)
    k = min(args.nx_pivots, n)
    sources = random.Random(1).sample(range(n), k)
    sample, _ = timed(
        lambda: nx.betweenness_centrality_subset(nxg, sources, list(nxg), normalized=False), 1
    )
    rows.append(
        ("betweenness (exact)", ours, direct, sample * n / k, f"networkx: {k} sources x n/k")
    )

    ours, direct, (_, q_ours) = paired(
        lambda: metrics.leiden(g),
        lambda: g.community_leiden(
            objective_function="modularity", weights="weight", n_iterations=2
        ),
        mid,
    )
    nx_time, nx_parts = timed(
        lambda: nx.community.louvain_communities(nxg, weight="weight", seed=1), 1
    )
    q_nx = nx.community.modularity(nxg, nx_parts, weight="weight")
    rows.append(
        ("communities", ours, direct, nx_time, "Leiden vs igraph's Leiden vs networkx Louvain")
    )
    package, part = timed(
        lambda: leidenalg.find_partition(
            g, leidenalg.ModularityVertexPartition, weights="weight", seed=1
        ),
        r,
    )
    q_package = g.modularity(part.membership, weights="weight")
    notes = [
        f"Leiden through the leidenalg package (the former method): {package:.3f} s "
        f"(ours is {package / ours:.1f}x faster); modularity: ours {q_ours:.4f}, "
        f"leidenalg {q_package:.4f}, networkx Louvain {q_nx:.4f}"
    ]

    # Milliseconds each: many alternated runs, or a single slow tick of the loaded machine
    # decides the ratio.
    fast = args.fast_repeat
    ours, direct, _ = paired(lambda: metrics.coreness(g), lambda: g.coreness(), fast)
    nx_time, _ = timed(lambda: nx.core_number(nxg), r)
    rows.append(("k-core", ours, direct, nx_time, f"medians of {fast} alternated runs"))

    ours, direct, _ = paired(lambda: metrics.components(g), lambda: g.connected_components(), fast)
    nx_time, _ = timed(lambda: list(nx.connected_components(nxg)), r)
    rows.append(("components", ours, direct, nx_time, "igraph: Graph.connected_components"))
    ours, direct, _ = paired(
        lambda: metrics.components(g), lambda: ig.GraphBase.connected_components(g), fast
    )
    rows.append(
        ("components (C binding)", ours, direct, nx_time, "igraph: its bare membership list")
    )

    print(
        f"\n{'metric':<22} {'ours ms':>9} {'igraph ms':>10} {'networkx ms':>12} "
        f"{'vs nx':>7} {'vs igraph':>10}"
    )
    for name, o, d, x, note in rows:
        print(
            f"{name:<22} {o * 1e3:9.2f} {d * 1e3:10.2f} {x * 1e3:12.1f} "
            f"{x / o:6.1f}x {o / d:9.2f}x  {note}"
        )
    for note in notes:
        print(note)
    top_ours = [int(i) for i in (-pr_ours).argsort()[:20]]
    top_nx = sorted(pr_nx, key=lambda v: -pr_nx[v])[:20]
    close = max(abs(pr_ours[v] - pr_nx[v]) for v in range(n))
    print(
        f"\nPageRank top 20 identical to networkx's: {top_ours == top_nx} "
        f"(same set: {set(top_ours) == set(top_nx)}; largest difference of any value {close:.2e})"
    )
    full, _ = timed(lambda: metrics.compute(g), 1)
    print(f"All metrics of the layer (metrics.compute): {full:.2f} s")


if __name__ == "__main__":
    try:
        main()
    except Exception as error:
        fail(error)
