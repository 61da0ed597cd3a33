import pytest

from citydiplomacy.geo.models import Division
from tests.conftest import LONDON, PARIS

pytestmark = pytest.mark.django_db


def test_a_practice_page_with_fifty_adopters_answers_in_a_pinned_number_of_queries(
    client, make_practice, adopt, django_assert_max_num_queries
):
    practice = make_practice(slug="fifty", origin_year=1950)
    states = list(Division.objects.filter(country_id="US", kind="State").order_by("code"))
    first = None
    for i, state in enumerate(states):
        made = adopt(practice, state, adopted_on=str(1960 + i // 2), borrowed_from=first)
        first = first or made
    with django_assert_max_num_queries(14):
        response = client.get("/practices/fifty/?format=json")
    data = response.json()
    assert len(data["adoptions"]) == 50
    assert data["curve"]["fit"]["ceiling"] <= 50
    assert len(data["lineage"]["source_unknown"][0]["children"]) == 49
    assert len(data["map"]["points"]) == 50


def test_the_practice_page_shows_lineage_channel_and_fitted_curve(
    client, make_practice, adopt, city
):
    practice = make_practice(slug="lineage", origin_city=city(PARIS), origin_year=2000)
    paris = adopt(practice, city(PARIS), adopted_on="2000", from_origin=True)
    adopt(practice, city(LONDON), adopted_on="2004", borrowed_from=paris, channel="visit")
    html = client.get("/practices/lineage/").content.decode()
    assert "Lineage" in html and "a visit or engagement" in html
    assert "Too few dated adoptions" in html  # two years only


def test_the_city_panel_suggests_what_its_twin_adopted(client, city):
    # Starter data: New York and Tokyo are twinned; Los Angeles adopted early warning.
    data = client.get("/practices/of/city:5368361/?format=json").json()
    assert [a["practice"]["slug"] for a in data["practices"]["adopted"]] == [
        "earthquake-early-warning"
    ]
    mexico = client.get("/practices/of/city:3530597/?format=json").json()
    assert mexico["practices"]["passed_on"][0]["adopter"]["name"] == "Los Angeles"


def test_the_adoptions_graph_layer_yields_who_learned_from_whom(db):
    from citydiplomacy.core import extensions

    edges = list(extensions.graph_layers.get("adoptions").edges(None, None))
    assert any(e.source == 3530597 and e.target == 5368361 for e in edges)
