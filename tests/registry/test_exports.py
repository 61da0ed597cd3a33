"""Exports read back in their own formats and hold what the filtered list holds."""

import csv
import io
import json

import networkx as nx
import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run_export(capsys, dataset, fmt, filters=""):
    call_command("export", dataset, "--format", fmt, "--filter", filters)
    return capsys.readouterr().out


def test_agreements_export_as_csv_with_both_cities_and_sources(capsys, client):
    rows = list(csv.DictReader(io.StringIO(run_export(capsys, "agreements", "csv", "country=US"))))
    assert len(rows) == client.get("/api/agreements/?country=US").json()["count"]
    tokyo = next(r for r in rows if "Tokyo" in (r["city_a_name"], r["city_b_name"]))
    assert tokyo["signed"] == "1960" and tokyo["sources"] == "seed-004-stren-friendly-mayors"


def test_memberships_export_as_json(capsys):
    rows = json.loads(run_export(capsys, "memberships", "json", "organisation=c40"))
    assert {r["city_name"] for r in rows} == {"London", "Los Angeles", "New York City"}


def test_agreements_export_as_geojson_lines(capsys):
    data = json.loads(run_export(capsys, "agreements", "geojson"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 5
    geometry = data["features"][0]["geometry"]
    assert geometry["type"] == "LineString" and len(geometry["coordinates"]) == 2


def test_memberships_export_as_geojson_points(capsys):
    data = json.loads(run_export(capsys, "memberships", "geojson", "organisation=c40"))
    assert {f["geometry"]["type"] for f in data["features"]} == {"Point"}


def test_agreements_export_as_graphml_of_cities(capsys):
    graph = nx.read_graphml(io.StringIO(run_export(capsys, "agreements", "graphml")))
    assert graph.number_of_edges() == 5
    assert graph.nodes["city:5128581"]["name"] == "New York City"
    assert graph.degree["city:5128581"] == 5


def test_memberships_export_as_graphml_links_cities_to_organisations(capsys):
    graph = nx.read_graphml(
        io.StringIO(run_export(capsys, "memberships", "graphml", "organisation=c40"))
    )
    assert graph.degree["organisation:c40"] == 3


def test_an_empty_export_still_has_its_header(capsys):
    text = run_export(capsys, "agreements", "csv", "country=AQ")
    assert text.startswith("id,city_a_geonames_id")


def test_a_bad_filter_is_refused_with_a_message():
    with pytest.raises(CommandError, match="signed_from"):
        call_command("export", "agreements", "--filter", "signed_from=later")


def test_an_export_can_be_written_to_a_file(tmp_path):
    target = tmp_path / "agreements.csv"
    call_command("export", "agreements", "-o", str(target))
    assert target.read_text(encoding="utf-8").count("\n") == 6


def test_list_pages_offer_their_rows_for_download_with_the_same_filters(client):
    html = client.get("/agreements/?country=JP").content.decode()
    assert "/export/agreements.csv?country=JP" in html
    response = client.get("/export/agreements.csv?country=JP")
    assert response["Content-Disposition"] == 'attachment; filename="agreements.csv"'
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["city_a_name"] for r in rows] == ["Tokyo"]


def test_a_download_with_a_bad_filter_is_a_400(client):
    response = client.get("/export/memberships.geojson?joined_from=x")
    assert response.status_code == 400 and "joined_from" in response.json()["detail"]
    assert client.get("/export/people.csv").status_code == 404
