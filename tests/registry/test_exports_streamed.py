"""Full exports are streamed from plain values with a constant number of queries, and carry
what a researcher needs to judge each tie: one-sidedness, the stating side and where in
each source it stands; lines across the antimeridian are split there."""

import csv
import io
import json

import networkx as nx
import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.agreements.services import agreement_record
from citydiplomacy.site.exports import _line, export
from citydiplomacy.sources.services import CitationSpec
from tests.conftest import LONDON, NEW_YORK, PARIS, TOKYO

pytestmark = pytest.mark.django_db

AUCKLAND = 2193733
HONOLULU = 5856195
SANTIAGO = 3871336


def text(dataset: str, fmt: str, query: str = "") -> str:
    return "".join(export(dataset, fmt, QueryDict(query)))


@pytest.fixture
def pacific_tie(city, test_source, system):
    tie = agreement_record(
        city_a=city(AUCKLAND),
        city_b=city(HONOLULU),
        citations=[
            CitationSpec(
                test_source,
                locator="row 7",
                quote="Auckland and Honolulu, sister cities since 1973",
            )
        ],
        actor=system,
    )
    Agreement.objects.filter(pk=tie.pk).update(stated_only_by_id=HONOLULU)
    return tie


def test_the_csv_says_which_side_states_a_one_sided_tie_and_where_the_source_says_it(
    pacific_tie,
):
    rows = list(csv.DictReader(io.StringIO(text("agreements", "csv", "country=NZ"))))
    row = next(r for r in rows if r["id"] == str(pacific_tie.pk))
    assert row["one_sided"] == "True"
    assert row["stated_by_geonames_id"] == str(HONOLULU)
    assert row["stated_by_name"] == "Honolulu"
    assert row["source_locators"] == "test-fixture: row 7"
    assert row["source_quotes"] == "Auckland and Honolulu, sister cities since 1973"


def test_a_tie_stated_by_both_sides_has_no_stating_side(pacific_tie):
    rows = json.loads(text("agreements", "json", "country=US&country=JP"))
    assert rows and all(r["one_sided"] is False and r["stated_by_name"] == "" for r in rows)


def test_a_line_across_the_antimeridian_is_split_there(pacific_tie):
    data = json.loads(text("agreements", "geojson", "country=NZ"))
    feature = next(f for f in data["features"] if f["properties"]["id"] == pacific_tie.pk)
    geometry = feature["geometry"]
    assert geometry["type"] == "MultiLineString"
    west, east = geometry["coordinates"]
    assert west[-1][0] == 180.0 and east[0][0] == -180.0
    assert west[-1][1] == east[0][1]  # the two parts meet


def test_a_line_that_does_not_cross_stays_one_line():
    assert _line(-0.1, 51.5, 139.7, 35.7)["type"] == "LineString"
    crossing = _line(-157.9, 21.3, 174.8, -36.8)
    assert crossing["type"] == "MultiLineString"
    assert crossing["coordinates"][0][-1][0] == -180.0


def test_the_graphml_export_reads_back_as_a_graph_with_the_new_attributes(pacific_tie):
    graph = nx.parse_graphml(text("agreements", "graphml"))
    assert graph.number_of_edges() == Agreement.objects.count()
    assert graph.nodes[f"city:{AUCKLAND}"]["name"] == "Auckland"
    tie = graph.get_edge_data(f"city:{AUCKLAND}", f"city:{HONOLULU}")
    assert tie["stated_by_name"] == "Honolulu"
    assert tie["source_locators"] == "test-fixture: row 7"


def test_the_memberships_graphml_joins_cities_to_organisations():
    graph = nx.parse_graphml(text("memberships", "graphml", "organisation=c40"))
    assert graph.nodes["organisation:c40"]["kind"] == "organisation"
    assert graph.number_of_edges() >= 3


@pytest.mark.parametrize("fmt", ["csv", "json", "geojson", "graphml"])
def test_an_export_takes_the_same_number_of_queries_for_many_rows_as_for_few(
    city, cite, system, fmt
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            text("agreements", fmt)
        return len(captured.captured_queries)

    few = queries()
    for partner in (LONDON, PARIS, TOKYO, SANTIAGO):
        agreement_record(
            city_a=city(NEW_YORK), city_b=city(partner), kind="mou", citations=cite, actor=system
        )
    assert queries() == few <= 4


def test_the_export_gives_the_names_as_the_sources_wrote_them(pacific_tie):
    from citydiplomacy.sources.models import Citation

    # As an import of a list naming a borough would have kept it on the citation.
    of_the_tie = Citation.objects.filter(object_id=pacific_tie.pk, content_type__model="agreement")
    of_the_tie.update(as_written="Auckland City; Honolulu")
    rows = list(csv.DictReader(io.StringIO(text("agreements", "csv", "country=NZ"))))
    row = next(r for r in rows if r["id"] == str(pacific_tie.pk))
    assert row["as_written"] == "Auckland City; Honolulu"
