"""The layers the domains register, and the stored snapshot a rebuild writes."""

import datetime as dt

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied

from citydiplomacy.core import extensions
from citydiplomacy.core.history.services import Actor
from citydiplomacy.core.runs.models import RunStatus
from citydiplomacy.network.graph import UnknownLayer, combined_graph, layer_graph
from citydiplomacy.network.metrics import betweenness
from citydiplomacy.network.models import NodeMetric, Snapshot
from citydiplomacy.network.services import RebuildOptions, network_rebuild
from citydiplomacy.organisations.graph import membership_values, parse_service_values

from .conftest import BOSTON, FRANKFURT, KYOTO, LYON, MILAN


def _edges(name, as_of=None, user=None):
    return {
        frozenset((e.source, e.target)): e
        for e in extensions.graph_layers.get(name).edges(as_of, user)
    }


def test_each_domain_registers_its_layer_and_engagements_are_declared_private():
    layers = {layer.name: layer for layer in extensions.graph_layers}
    assert {"twinning", "co-membership", "membership", "engagements"} <= set(layers)
    assert layers["engagements"].private and not layers["twinning"].private
    assert layers["membership"].bipartite


def test_the_twinning_layer_marks_one_sided_ties_and_leaves_out_ended_agreements(ties):
    edges = _edges("twinning")
    assert edges[frozenset((LYON, FRANKFURT))].attrs["one_sided"] is True
    assert edges[frozenset((LYON, MILAN))].attrs["one_sided"] is False
    assert frozenset((KYOTO, LYON)) not in edges


def test_a_layer_as_of_a_date_has_the_ties_signed_before_it_and_not_ended(ties):
    in_1990 = _edges("twinning", dt.date(1990, 1, 1))
    assert any(LYON in pair and KYOTO in pair for pair in in_1990)  # ended only in 2001
    assert not any(BOSTON in pair for pair in in_1990)  # signed in 2030
    in_1960 = _edges("twinning", dt.date(1960, 6, 1))
    assert not any(MILAN in pair and LYON in pair for pair in in_1960)  # signed 1966


def test_co_membership_weighs_shared_organisations_by_the_members_service_values(ties):
    edges = _edges("co-membership")
    # Lyon chairs C40 (4), Milan is a member (1): r = 4 * 1.
    assert edges[frozenset((MILAN, LYON))].weight >= 4
    assert membership_values(None)[(LYON, "c40")] == 4


def test_service_values_can_be_reconfigured_and_bad_ones_are_refused():
    assert parse_service_values("member=2, chair=5") == {"member": 2, "chair": 5}
    with pytest.raises(ValueError, match="values run from 0 to 5"):
        parse_service_values("chair=9")
    with pytest.raises(ValueError, match="role among"):
        parse_service_values("emperor=3")


def test_a_combination_adds_the_layers_ties_after_scaling_each_by_its_mean_weight(ties):
    combined = combined_graph({"twinning": 1.0, "co-membership": 1.0})
    twinning = layer_graph("twinning")
    assert combined.graph.ecount() >= twinning.graph.ecount()
    assert combined.graph.vcount() >= twinning.graph.vcount()


def test_a_rebuild_stores_every_public_layer_and_the_combination_recorded_as_a_run(rebuilt):
    assert rebuilt.status == RunStatus.SUCCEEDED and rebuilt.category == "rebuild"
    layers = set(Snapshot.objects.values_list("layer", flat=True))
    # Every public layer a domain registers (the practices add "adoptions"), never a private one.
    public = {layer.name for layer in extensions.graph_layers if not layer.private}
    assert layers == public | {"combined"}
    assert {"twinning", "co-membership", "membership"} <= layers
    snap = Snapshot.objects.get(layer="twinning", as_of=None)
    assert snap.run_id == rebuilt.pk and snap.parameters["betweenness"] == "exact"
    assert snap.modularity is not None and snap.communities >= 1
    lyon = NodeMetric.objects.get(snapshot=snap, city_id=LYON)
    assert lyon.degree == 3  # Milan, Birmingham, Frankfurt; not Kyoto (ended)
    assert lyon.coreness >= 1 and 0 <= lyon.betweenness <= 1
    assert lyon.clustering is not None  # Milan and Frankfurt are tied: one triangle
    members = Snapshot.objects.get(layer="membership")
    assert NodeMetric.objects.get(snapshot=members, city_id=LYON).connectivity is not None


def test_a_second_rebuild_replaces_the_snapshot_instead_of_adding_one(rebuilt, system):
    network_rebuild(RebuildOptions(), system)
    assert Snapshot.objects.filter(layer="twinning", as_of=None).count() == 1


def test_a_rebuild_as_of_a_date_is_kept_beside_todays(rebuilt, system):
    network_rebuild(RebuildOptions(as_of=dt.date(1990, 1, 1), layers=["twinning"]), system)
    assert Snapshot.objects.filter(layer="twinning").count() == 2
    old = Snapshot.objects.get(layer="twinning", as_of=dt.date(1990, 1, 1))
    assert NodeMetric.objects.filter(snapshot=old, city_id=KYOTO).exists()


def test_a_rebuild_refuses_a_private_layer_and_an_unknown_one(ties, system):
    with pytest.raises(UnknownLayer, match="private"):
        network_rebuild(RebuildOptions(layers=["engagements"]), system)
    with pytest.raises(UnknownLayer, match="choose among"):
        network_rebuild(RebuildOptions(layers=["nonsense"]), system)
    assert not Snapshot.objects.exists()


def test_only_registry_editors_may_rebuild_from_the_web(ties, reader):
    with pytest.raises(PermissionDenied):
        network_rebuild(RebuildOptions(), Actor(via="web", user=reader))


def test_sampled_betweenness_stays_within_its_stated_error_of_the_exact_value():
    import igraph as ig

    graph = ig.Graph.Barabasi(2000, 2)
    exact, _ = betweenness(graph)
    sampled, params = betweenness(graph, exact_max=100, pivots=800, seed=5)
    assert params["betweenness"] == "sampled"
    assert np.abs(exact - sampled).max() <= params["betweenness_error"]


def test_the_rebuild_is_registered_as_a_run_kind_for_the_worker():
    kind = extensions.run_kinds.get("network-rebuild")
    assert kind.category == "rebuild" and callable(kind.execute)
