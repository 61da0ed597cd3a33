"""The network's layers in the export engine: `citydiplomacy export` and /export/<name>.<fmt>."""

import io
from pathlib import Path

import networkx as nx
import pyarrow.parquet as pq
import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from citydiplomacy.core import extensions
from tests.conftest import LOS_ANGELES

from .conftest import BIRMINGHAM, FRANKFURT, KYOTO, LYON, MILAN

SECRET = frozenset((str(LOS_ANGELES), str(BIRMINGHAM)))


def _edges(content: bytes) -> set[frozenset[str]]:
    return {frozenset(edge) for edge in nx.read_graphml(io.BytesIO(content)).edges()}


def _get(client: Client, url: str) -> tuple[int, bytes]:
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body


def test_every_layer_and_the_combination_is_a_dataset_in_graphml_gexf_and_parquet():
    names = extensions.exports.names()
    for layer in ("twinning", "co-membership", "membership", "engagements", "combined"):
        dataset = extensions.exports.get(f"network-{layer}")
        assert dataset.formats == ("graphml", "gexf", "parquet")
        assert dataset.private == (layer == "engagements")
        assert f"network-{layer}" in names


def test_the_export_command_writes_a_layer_as_of_a_date_with_its_metrics(rebuilt, tmp_path: Path):
    today, old = tmp_path / "today.graphml", tmp_path / "1990.graphml"
    call_command("export", "network-twinning", "--format", "graphml", "-o", str(today))
    call_command(
        "export", "network-twinning", "--format", "graphml", "--filter", "as_of=1990-01-01",
        "-o", str(old),
    )  # fmt: skip
    graph = nx.read_graphml(today)
    assert frozenset((str(LYON), str(MILAN))) in {frozenset(e) for e in graph.edges()}
    assert graph.nodes[str(LYON)]["degree"] == 3  # Milan, Birmingham, Frankfurt
    assert "pagerank" in graph.nodes[str(LYON)]
    # In 1990 the Lyon-Kyoto tie was in force (ended 2001), Lyon-Frankfurt has no date.
    assert frozenset((str(LYON), str(KYOTO))) in _edges(old.read_bytes())
    assert frozenset((str(LYON), str(KYOTO))) not in _edges(today.read_bytes())


def test_parquet_tables_come_out_of_the_command_and_the_export_page(rebuilt, tmp_path: Path):
    nodes, edges = tmp_path / "nodes.parquet", tmp_path / "edges.parquet"
    call_command("export", "network-twinning", "--format", "parquet", "-o", str(nodes))
    call_command(
        "export", "network-twinning", "--format", "parquet", "--filter", "table=edges",
        "-o", str(edges),
    )  # fmt: skip
    node_table = pq.read_table(nodes).to_pylist()
    assert {row["node"] for row in node_table} >= {str(LYON), str(MILAN), str(FRANKFURT)}
    edge_pairs = {frozenset((r["source"], r["target"])) for r in pq.read_table(edges).to_pylist()}
    assert frozenset((str(MILAN), str(FRANKFURT))) in edge_pairs
    status, body = _get(Client(), "/export/network-twinning.parquet?table=edges")
    assert status == 200
    assert pq.read_table(io.BytesIO(body)).num_rows == len(edge_pairs)
    status, body = _get(Client(), "/export/network-twinning.gexf")
    assert status == 200 and b"<gexf" in body


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("as_of=1990-13-01", b"as_of: '1990-13-01' is not a date"),
        ("table=cities", b"table: 'cities'; choose nodes or edges"),
        ("country=FR", b"country: not a filter of a layer"),
    ],
)
def test_a_bad_filter_is_answered_400_naming_it(ties, query: str, message: bytes):
    status, body = _get(Client(), f"/export/network-twinning.parquet?{query}")
    assert status == 400 and message in body


def test_the_private_engagement_layer_goes_only_to_its_offices_members(
    ties, private_tie, la_admin, paris_editor, login, tmp_path: Path
):
    status, body = _get(login(la_admin), "/export/network-engagements.graphml")
    assert status == 200 and _edges(body) == {SECRET}
    for outsider in (Client(), login(paris_editor)):
        status, body = _get(outsider, "/export/network-engagements.graphml")
        assert status == 200 and _edges(body) == set()
        status, body = _get(outsider, "/export/network-engagements.parquet?table=edges")
        assert pq.read_table(io.BytesIO(body)).num_rows == 0
        for public in ("network-twinning", "network-combined"):
            assert SECRET not in _edges(_get(outsider, f"/export/{public}.graphml")[1])
    mine = tmp_path / "mine.graphml"
    call_command(
        "export", "network-engagements", "--user", la_admin.username, "--office", "la",
        "-o", str(mine),
    )  # fmt: skip
    assert _edges(mine.read_bytes()) == {SECRET}
    with pytest.raises(CommandError, match="not a member"):
        call_command(
            "export", "network-engagements", "--user", paris_editor.username, "--office", "la"
        )
    with pytest.raises(CommandError, match="give --user"):
        call_command("export", "network-engagements")
