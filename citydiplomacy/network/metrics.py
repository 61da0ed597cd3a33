"""The metrics of a graph, computed by igraph's C core (Leiden included), as numpy arrays.

Betweenness is exact up to EXACT_BETWEENNESS_MAX_NODES vertices. Above that it is estimated
from `pivots` source vertices drawn at random (fixed seed): the estimate of a vertex's
normalised betweenness is the mean of the pivots' scaled dependencies, each in [0, 1], so by
Hoeffding's inequality it lies within sqrt(ln(2/0.05) / (2 * pivots)) of the exact value with
probability 0.95 (about 0.03 for 2,000 pivots). The bound is stored with the snapshot.

Betweenness counts shortest paths by hops: the layers' weights measure closeness (more
shared networks, more agreements), not distances, so they are not used as path lengths.
"""

import math
import random
import warnings
from dataclasses import dataclass, field
from typing import Any

import igraph as ig
import numpy as np
import numpy.typing as npt

EXACT_BETWEENNESS_MAX_NODES = 50_000
DEFAULT_PIVOTS = 2_000
CONFIDENCE = 0.95
LEIDEN_ITERATIONS = 2

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


@dataclass
class Metrics:
    degree: Ints
    strength: Floats
    pagerank: Floats
    betweenness: Floats
    eigenvector: Floats
    coreness: Ints
    clustering: Floats  # NaN where a vertex has fewer than two neighbours
    component: Ints
    community: Ints
    modularity: float | None
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def components(self) -> int:
        return int(self.component.max()) + 1 if len(self.component) else 0

    @property
    def communities(self) -> int:
        return int(self.community.max()) + 1 if len(self.community) else 0


def ints(values: list[int]) -> Ints:
    """igraph's result list as a numpy array (np.fromiter with a known count is the cheapest
    conversion of a Python list: the project's overhead over igraph is this and no more)."""
    return np.fromiter(values, dtype=np.int64, count=len(values))


def floats(values: list[float]) -> Floats:
    return np.fromiter(values, dtype=np.float64, count=len(values))


def by_size(membership: list[int]) -> Ints:
    """Relabel groups so that 0 is the largest (ties by first appearance)."""
    labels = ints(membership)
    if not len(labels):
        return labels
    sizes = np.bincount(labels)
    order = np.argsort(-sizes, kind="stable")
    relabel = np.empty_like(order)
    relabel[order] = np.arange(len(order))
    return relabel[labels]


def betweenness(
    graph: ig.Graph,
    *,
    exact_max: int = EXACT_BETWEENNESS_MAX_NODES,
    pivots: int = DEFAULT_PIVOTS,
    seed: int = 1,
) -> tuple[Floats, dict[str, Any]]:
    """Normalised betweenness (share of the pairs' shortest paths through each vertex)."""
    n = graph.vcount()
    if n < 3:
        return np.zeros(n), {"betweenness": "exact"}
    pairs = (n - 1) * (n - 2) / 2
    if n <= exact_max:
        raw = floats(graph.betweenness(directed=False))
        return raw / pairs, {"betweenness": "exact"}
    sources = random.Random(seed).sample(range(n), min(pivots, n))
    raw = floats(graph.betweenness(directed=False, sources=sources))
    # igraph halves the undirected subset counts as it does the exact ones, so the sample
    # only needs scaling by n/k (checked against the exact values in the tests).
    estimate = raw * (n / len(sources)) / pairs
    error = math.sqrt(math.log(2 / (1 - CONFIDENCE)) / (2 * len(sources)))
    return estimate, {
        "betweenness": "sampled",
        "pivots": len(sources),
        "betweenness_error": round(error, 4),
        "betweenness_confidence": CONFIDENCE,
    }


def leiden(graph: ig.Graph, *, seed: int = 1, resolution: float = 1.0) -> tuple[Ints, float | None]:
    """Leiden communities maximising modularity (with a resolution, the Reichardt-Bornholdt
    configuration model), by igraph's own C implementation of Traag's algorithm: the same
    method as the leidenalg package without its Python-side partition objects, and much
    faster (benchmarks/network_metrics.py prints both). Two iterations, leidenalg's default;
    the seed fixes igraph's random choices."""
    if graph.ecount() == 0:
        return np.arange(graph.vcount(), dtype=np.int64), None
    ig.set_random_number_generator(random.Random(seed))
    try:
        clustering = graph.community_leiden(
            objective_function="modularity",
            weights="weight",
            resolution=resolution,
            n_iterations=LEIDEN_ITERATIONS,
        )
    finally:
        ig.set_random_number_generator(random)
    membership = list(clustering.membership)
    return by_size(membership), float(graph.modularity(membership, weights="weight"))


def pagerank(graph: ig.Graph, damping: float = 0.85) -> Floats:
    weights = "weight" if graph.ecount() else None
    return floats(graph.pagerank(directed=False, damping=damping, weights=weights))


def components(graph: ig.Graph) -> Ints:
    # The C binding's membership list: Graph.connected_components would wrap it in a
    # VertexClustering (a copy of the list and Python bookkeeping) that is thrown away here.
    return by_size(ig.GraphBase.connected_components(graph, "strong"))


def coreness(graph: ig.Graph) -> Ints:
    return ints(graph.coreness())


def compute(
    graph: ig.Graph,
    *,
    seed: int = 1,
    resolution: float = 1.0,
    damping: float = 0.85,
    exact_max: int = EXACT_BETWEENNESS_MAX_NODES,
    pivots: int = DEFAULT_PIVOTS,
) -> Metrics:
    n = graph.vcount()
    weights = "weight" if graph.ecount() else None
    between, between_params = betweenness(graph, exact_max=exact_max, pivots=pivots, seed=seed)
    community, modularity = leiden(graph, seed=seed, resolution=resolution)
    if graph.ecount():
        with warnings.catch_warnings():
            # igraph warns on disconnected graphs; the docs state that outside the largest
            # component the values are near zero and not comparable.
            warnings.simplefilter("ignore", RuntimeWarning)
            eigen = graph.eigenvector_centrality(weights=weights)
    else:
        eigen = [0.0] * n
    return Metrics(
        degree=ints(graph.degree()),
        strength=floats(graph.strength(weights=weights)),
        pagerank=pagerank(graph, damping),
        betweenness=between,
        eigenvector=floats(eigen),
        coreness=coreness(graph),
        clustering=floats(graph.transitivity_local_undirected(mode="nan")),
        component=components(graph),
        community=community,
        modularity=modularity,
        parameters={
            "seed": seed,
            "resolution": resolution,
            "damping": damping,
            "community_method": "leiden (igraph, modularity)"
            if resolution == 1.0
            else "leiden (igraph, modularity with resolution)",
            "leiden_iterations": LEIDEN_ITERATIONS,
            **between_params,
        },
    )
