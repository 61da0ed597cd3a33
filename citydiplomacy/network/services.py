"""Rebuilding the stored snapshots: the single way network figures are written.

A rebuild reads every public layer (and the weighted combination) on a date, computes the
metrics, and replaces those layers' snapshots for that date in one transaction, so a page
never sees half a snapshot. It is recorded as a run (`core.runs`, category "rebuild") with
its parameters and counts. Private layers are refused here: their ties never enter a
stored figure.
"""

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from citydiplomacy.core.accounts.permissions import can_edit_registry
from citydiplomacy.core.history.models import Via
from citydiplomacy.core.history.services import Actor
from citydiplomacy.core.runs.models import Run, RunStatus
from citydiplomacy.network import connectivity as taylor
from citydiplomacy.network.graph import (
    COMBINED,
    CityGraph,
    UnknownLayer,
    combined_graph,
    layer,
    layer_graph,
    public_layer_names,
)
from citydiplomacy.network.metrics import DEFAULT_PIVOTS, EXACT_BETWEENNESS_MAX_NODES, compute
from citydiplomacy.network.models import NodeMetric, Snapshot

RUN_KIND = "network-rebuild"
SUGGESTION_LAYER = "twinning"


def _suggestion_model(as_of: dt.date | None) -> dict[str, Any]:
    """Fit the partner-suggestion weights once per rebuild, so pages only apply them."""
    from citydiplomacy.network.partners import context
    from citydiplomacy.network.suggestions import fit

    ctx = context(SUGGESTION_LAYER, as_of)
    return fit(ctx.adjacency, ctx.places).as_json()


@dataclass
class RebuildOptions:
    as_of: dt.date | None = None
    layers: list[str] = field(default_factory=list)  # empty: every public layer
    weights: dict[str, float] = field(default_factory=dict)  # the combination; empty: all 1
    seed: int = 1
    resolution: float = 1.0
    exact_max: int = EXACT_BETWEENNESS_MAX_NODES
    pivots: int = DEFAULT_PIVOTS

    def as_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "layers": self.layers,
            "weights": self.weights,
            "seed": self.seed,
            "resolution": self.resolution,
            "exact_max": self.exact_max,
            "pivots": self.pivots,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "RebuildOptions":
        as_of = data.get("as_of")
        return cls(
            as_of=dt.date.fromisoformat(as_of) if as_of else None,
            layers=list(data.get("layers") or []),
            weights={str(k): float(v) for k, v in (data.get("weights") or {}).items()},
            seed=int(data.get("seed", 1)),
            resolution=float(data.get("resolution", 1.0)),
            exact_max=int(data.get("exact_max", EXACT_BETWEENNESS_MAX_NODES)),
            pivots=int(data.get("pivots", DEFAULT_PIVOTS)),
        )


def _require_rebuilder(actor: Actor) -> None:
    # Snapshots are derived, public figures: a registry editor (or the system) may refresh them.
    if actor.via in (Via.SYSTEM, Via.CLI) or can_edit_registry(actor.user):
        return
    raise PermissionDenied("Rebuilding the network figures needs a registry editor's account.")


def validate(options: RebuildOptions) -> None:
    """Refuse unknown or private layers and bad weights before any work starts."""
    for name in [*options.layers, *options.weights]:
        layer(name)  # raises UnknownLayer, naming the layers one may choose
    if options.resolution <= 0:
        raise ValueError("resolution: must be above 0.")
    if options.pivots < 1:
        raise ValueError("pivots: must be at least 1.")


def run_create(options: RebuildOptions, actor: Actor, *, status: str = RunStatus.QUEUED) -> Run:
    _require_rebuilder(actor)
    validate(options)
    return Run.objects.create(
        kind=RUN_KIND,
        category="rebuild",
        options=options.as_json(),
        user=actor.user if actor.user is not None and actor.user.pk else None,
        actor_label=actor.describe(),
        status=status,
    )


def _progress(run: Run, phase: str, done: int, total: int) -> None:
    run.phase, run.done, run.total = phase, done, total
    run.save(update_fields=["phase", "done", "total"])


def _rows(snapshot: Snapshot, built: CityGraph, metric_params: dict[str, Any]) -> list[NodeMetric]:
    metrics = compute(built.graph, **metric_params)
    snapshot.nodes, snapshot.edges = built.graph.vcount(), built.graph.ecount()
    snapshot.components, snapshot.communities = metrics.components, metrics.communities
    snapshot.modularity = metrics.modularity
    snapshot.betweenness_exact = metrics.parameters["betweenness"] == "exact"
    snapshot.parameters = {**snapshot.parameters, **metrics.parameters}
    order = (-metrics.pagerank).argsort(kind="stable")
    rank = order.argsort() + 1
    rows = []
    for i, key in enumerate(built.keys):
        clustering = float(metrics.clustering[i])
        rows.append(
            NodeMetric(
                snapshot=snapshot,
                city_id=key if isinstance(key, int) else None,
                node=str(key),
                degree=int(metrics.degree[i]),
                strength=float(metrics.strength[i]),
                pagerank=float(metrics.pagerank[i]),
                betweenness=float(metrics.betweenness[i]),
                eigenvector=float(metrics.eigenvector[i]),
                coreness=int(metrics.coreness[i]),
                clustering=None if math.isnan(clustering) else clustering,
                component=int(metrics.component[i]),
                community=int(metrics.community[i]),
                rank=int(rank[i]),
            )
        )
    return rows


def _add_connectivity(rows: list[NodeMetric], built: CityGraph) -> None:
    """Taylor's N(a) on the city nodes of a bipartite layer (weights are service values)."""
    values: dict[tuple[int, str], int] = {}
    for edge in built.graph.es:
        city, organisation = built.keys[edge.source], built.keys[edge.target]
        if isinstance(organisation, int):
            city, organisation = organisation, city
        if isinstance(city, int):
            values[(city, str(organisation))] = edge["weight"]
    if not values:
        return
    result = taylor.connectivity(taylor.from_values(values))
    by_city = dict(zip(result.cities, result.total.tolist(), strict=True))
    for row in rows:
        if row.city_id is not None:
            row.connectivity = by_city.get(str(row.city_id))


def _graphs(options: RebuildOptions) -> list[tuple[str, CityGraph]]:
    names = options.layers or public_layer_names()
    graphs = [(name, layer_graph(name, options.as_of)) for name in names]
    city_layers = [name for name in names if not layer(name).bipartite]
    weights = options.weights or dict.fromkeys(city_layers, 1.0)
    if len([w for w in weights.values() if w > 0]) > 1:
        graphs.append((COMBINED, combined_graph(weights, options.as_of)))
    return graphs


def execute(run: Run) -> None:
    """Do the rebuild `run` asks for (by the task worker, or in the foreground)."""
    options = RebuildOptions.from_json(run.options)
    run.status = RunStatus.RUNNING
    run.started_at = timezone.now()
    run.save(update_fields=["status", "started_at"])
    try:
        counts = _rebuild(run, options)
    except (UnknownLayer, ValueError) as error:
        run.status, run.message = RunStatus.FAILED, str(error)
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "message", "finished_at"])
        raise
    run.status, run.counts, run.finished_at = RunStatus.SUCCEEDED, counts, timezone.now()
    run.message = ", ".join(
        f"{name}: {n['nodes']} nodes, {n['edges']} ties" for name, n in counts.items()
    )
    run.save(update_fields=["status", "counts", "finished_at", "message"])


def _rebuild(run: Run, options: RebuildOptions) -> dict[str, dict[str, int]]:
    validate(options)
    metric_params = {
        "seed": options.seed,
        "resolution": options.resolution,
        "exact_max": options.exact_max,
        "pivots": options.pivots,
    }
    graphs = _graphs(options)
    counts: dict[str, dict[str, int]] = {}
    prepared: list[tuple[Snapshot, list[NodeMetric]]] = []
    for done, (name, built) in enumerate(graphs):
        _progress(run, f"metrics of {name}", done, len(graphs))
        params: dict[str, Any] = {"layer": name}
        if name == COMBINED:
            params["weights"] = options.weights or "every city-city layer at 1"
        snapshot = Snapshot(layer=name, as_of=options.as_of, run=run, parameters=params)
        rows = _rows(snapshot, built, metric_params)
        if built.bipartite:
            _add_connectivity(rows, built)
        if name == SUGGESTION_LAYER:
            _progress(run, "suggestion model", done, len(graphs))
            snapshot.parameters["suggestion_model"] = _suggestion_model(options.as_of)
        prepared.append((snapshot, rows))
        counts[name] = {"nodes": snapshot.nodes, "edges": snapshot.edges}
    _progress(run, "write", len(graphs), len(graphs))
    with transaction.atomic():
        Snapshot.objects.filter(
            layer__in=[name for name, _ in graphs], as_of=options.as_of
        ).delete()
        for snapshot, rows in prepared:
            snapshot.save()
            NodeMetric.objects.bulk_create(rows, batch_size=2000)
    return counts


def network_rebuild_enqueue(options: RebuildOptions, actor: Actor) -> Run:
    """Queue the rebuild for the task worker (`citydiplomacy worker`); returns the queued run."""
    from citydiplomacy.core.runs.services import run_enqueue

    _require_rebuilder(actor)
    validate(options)
    return run_enqueue(RUN_KIND, actor=actor, options=options.as_json())


def network_rebuild(options: RebuildOptions, actor: Actor) -> Run:
    """Rebuild now, in this process, and return the finished run."""
    run = run_create(options, actor, status=RunStatus.RUNNING)
    execute(run)
    return run
