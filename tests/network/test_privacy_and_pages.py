"""Pages, API and exports of the network; an office's engagements stay its own."""

import io
import json

import networkx as nx
import pyarrow.parquet as pq
from django.test import Client

from citydiplomacy.network.models import NodeMetric, Snapshot
from citydiplomacy.network.panels import city_panel, organisation_panel
from tests.conftest import LOS_ANGELES

from .conftest import BIRMINGHAM, FRANKFURT, LYON, MILAN

# The city, the layer's ties, every city, the organisations' memberships, the stored model.
SUGGESTION_QUERIES = 8


def _export_edges(client: Client, layer: str) -> set[frozenset[str]]:
    response = client.get(f"/network/export/{layer}.graphml")
    assert response.status_code == 200
    graph = nx.read_graphml(io.BytesIO(response.content))
    return {frozenset(edge) for edge in graph.edges()}


def test_private_engagement_ties_never_reach_a_public_metric_or_export(
    ties, private_tie, la_admin, paris_editor, login, system
):
    from citydiplomacy.network.services import RebuildOptions, network_rebuild

    network_rebuild(RebuildOptions(), system)
    assert not Snapshot.objects.filter(layer="engagements").exists()
    combined = Snapshot.objects.get(layer="combined")
    birmingham = NodeMetric.objects.get(snapshot=combined, city_id=BIRMINGHAM)
    assert birmingham.degree == 1  # Lyon only
    secret = frozenset((str(LOS_ANGELES), str(BIRMINGHAM)))
    for client in (Client(), login(paris_editor), login(la_admin)):
        for layer in ("twinning", "combined"):
            assert secret not in _export_edges(client, layer)
        assert client.get("/network/export/engagements.graphml").status_code == 400
        assert client.get("/network/export/engagements.parquet").status_code == 400


def test_the_engagement_layer_shows_only_in_its_own_offices_ego_view(
    ties, private_tie, la_admin, paris_editor, login
):
    url = f"/network/city/{LOS_ANGELES}/?layers=engagements&format=json"
    mine = login(la_admin).get(url).json()["graph"]
    assert {e["target"] for e in mine["edges"]} == {str(BIRMINGHAM)}
    other = login(paris_editor).get(url).json()["graph"]
    assert other["edges"] == []
    anonymous = Client().get(url)
    assert anonymous.status_code == 400 and "engagements" in anonymous.json()["error"]
    api = Client().get(f"/api/network/cities/{LOS_ANGELES}/ego?layers=engagements")
    assert api.status_code == 422


def test_a_citys_network_view_and_its_json_twin_show_the_same_graph(rebuilt, client):
    html = client.get(f"/network/city/{LYON}/")
    assert html.status_code == 200 and b'data-graph="ego-graph"' in html.content
    assert b"cytoscape.min.js" in html.content
    data = client.get(f"/network/city/{LYON}/?format=json").json()
    targets = {e["target"] for e in data["graph"]["edges"]}
    assert targets == {str(MILAN), str(BIRMINGHAM), str(FRANKFURT)}
    one_sided = [e for e in data["graph"]["edges"] if e["one_sided"]]
    assert [e["target"] for e in one_sided] == [str(FRANKFURT)]
    assert {row["layer"] for row in data["network"]["layers"]} >= {"twinning", "combined"}
    both = client.get(f"/network/city/{LYON}/?layers=twinning,membership&format=json").json()
    assert len(both["graph"]["edges"]) > len(data["graph"]["edges"])


def test_the_network_pages_answer_in_a_pinned_number_of_queries(
    rebuilt, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        assert client.get("/network/?metric=betweenness").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(f"/network/city/{LYON}/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/network/organisation/c40/").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/network/connectivity/").status_code == 200
    with django_assert_max_num_queries(SUGGESTION_QUERIES):
        assert client.get(f"/network/city/{MILAN}/suggestions/").status_code == 200
    with django_assert_max_num_queries(SUGGESTION_QUERIES):
        assert client.get(f"/network/city/{MILAN}/suggestions/?format=json").status_code == 200


def test_profile_panels_cost_one_query_for_a_city_and_two_for_an_organisation(
    rebuilt, ties, city, django_assert_num_queries
):
    lyon = city(LYON)
    with django_assert_num_queries(1):
        panel = city_panel(lyon, None)
    layers = {row["layer"]: row for row in panel.data["network"]["layers"]}
    assert layers["twinning"]["degree"] == 3
    with django_assert_num_queries(2):
        panel = organisation_panel(ties["c40"], None)
    best = panel.data["network"]["best_connected"]
    assert best and best[0]["geonames_id"] is not None


def test_the_overview_ranks_cities_with_a_map_and_a_distribution(rebuilt, client):
    data = client.get("/network/?layer=twinning&format=json").json()
    values = [row["value"] for row in data["ranking"]]
    assert values == sorted(values, reverse=True) and "Lyon" in [r["city"] for r in data["ranking"]]
    assert data["map"]["points"] and data["distribution"]
    assert client.get("/network/?metric=nonsense").status_code == 400
    assert "as_of" in client.get("/network/?as_of=yesterday&format=json").json()["error"]


def test_exports_carry_the_metrics_in_graphml_gexf_and_parquet(rebuilt, client):
    graphml = nx.read_graphml(io.BytesIO(client.get("/network/export/twinning.graphml").content))
    assert graphml.nodes[str(LYON)]["label"] == "Lyon"
    assert graphml.nodes[str(LYON)]["degree"] == 3
    gexf = client.get("/network/export/twinning.gexf")
    assert gexf.status_code == 200 and b"<gexf" in gexf.content
    nodes = pq.read_table(io.BytesIO(client.get("/network/export/twinning.parquet").content))
    assert {"node", "pagerank", "betweenness", "community", "coreness"} <= set(nodes.column_names)
    edges = pq.read_table(
        io.BytesIO(client.get("/network/export/twinning.parquet?table=edges").content)
    )
    assert edges.num_rows == Snapshot.objects.get(layer="twinning").edges
    old = client.get("/network/export/twinning.graphml?as_of=1990-01-01")
    assert old.status_code == 200


def test_partner_suggestions_leave_out_existing_partners_and_give_reasons(rebuilt, client):
    data = client.get(f"/network/city/{MILAN}/suggestions/?format=json").json()
    suggested = [row["geonames_id"] for row in data["suggestions"]]
    assert LYON not in suggested and FRANKFURT not in suggested and MILAN not in suggested
    assert suggested and all(row["reasons"] for row in data["suggestions"])
    assert data["similar"]


def test_the_api_lists_snapshots_rankings_and_a_citys_figures(rebuilt, client):
    snapshots = client.get("/api/network/snapshots").json()
    assert {row["layer"] for row in snapshots} >= {"twinning", "combined"}
    ranking = client.get("/api/network/layers/twinning/metrics?order=degree&limit=3").json()
    assert [row["degree"] for row in ranking] == [5, 3, 2]  # New York, Lyon, then Milan
    assert client.get("/api/network/layers/twinning/metrics?order=bad").status_code == 422
    figures = client.get(f"/api/network/cities/{LYON}").json()
    assert any(row["layer"] == "twinning" and row["degree"] == 3 for row in figures)


def test_the_api_runs_taylors_model_on_an_uploaded_matrix(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("m.csv", b"city,f1,f2,f3\nA,5,0,1\nB,2,3,0\nC,1,0,4\n")
    rows = client.post("/api/network/connectivity", {"file": upload}).json()
    assert [(r["city"], r["connectivity"]) for r in rows] == [("A", 19), ("B", 12), ("C", 11)]
    bad = SimpleUploadedFile("m.csv", b"city,f1\nA,9\n")
    response = client.post("/api/network/connectivity", {"file": bad})
    assert response.status_code == 422 and "outside 0 to 5" in json.dumps(response.json())


def test_a_rebuild_through_the_api_needs_a_registry_editor(ties, editor_client, reader_client):
    assert (
        reader_client.post("/api/network/rebuild", {}, content_type="application/json").status_code
        == 403
    )
    response = editor_client.post(
        "/api/network/rebuild", {"layers": ["twinning"]}, content_type="application/json"
    )
    assert response.status_code == 201 and response.json()["status"] == "queued"
    refused = editor_client.post(
        "/api/network/rebuild", {"layers": ["engagements"]}, content_type="application/json"
    )
    assert refused.status_code == 422


def test_city_and_organisation_profiles_show_the_network_panel_in_a_fixed_number_of_queries(
    rebuilt, client, city, cite, system
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from citydiplomacy.agreements.services import agreement_record
    from citydiplomacy.network.services import RebuildOptions, network_rebuild

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    page = client.get(f"/cities/{LYON}/")
    assert b'data-testid="network-panel"' in page.content
    twin = client.get(f"/cities/{LYON}/?format=json").json()
    assert {row["layer"] for row in twin["network"]["layers"]} >= {"twinning"}
    organisation = client.get("/organisations/c40/?format=json").json()
    assert organisation["network"]["best_connected"]
    before = (queries(f"/cities/{LYON}/"), queries("/organisations/c40/"))
    for other in (BIRMINGHAM, FRANKFURT):
        agreement_record(
            city_a=city(MILAN) if other != MILAN else city(LYON), city_b=city(other),
            kind="friendship", citations=cite, actor=system,
        )  # fmt: skip
    network_rebuild(RebuildOptions(), system)
    assert (queries(f"/cities/{LYON}/"), queries("/organisations/c40/")) == before
