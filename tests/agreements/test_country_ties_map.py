"""A country's page maps every tie of its cities (the Truman Center's national map of ties,
for any country): its cities, their partners and a line per tied pair, in its JSON too."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from citydiplomacy.agreements.services import agreement_record
from citydiplomacy.geo.models import City

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def chile_ties(cite, system):
    """Five Chilean cities, each tied to six cities abroad; two ties within Chile; and a
    second agreement (another kind) between a pair already tied."""
    chile = list(City.objects.filter(country_id="CL").order_by("-population")[:5])
    abroad = list(City.objects.exclude(country_id="CL").order_by("-population")[:30])
    for number, city in enumerate(chile):
        for partner in abroad[number * 6 : number * 6 + 6]:
            agreement_record(city_a=city, city_b=partner, citations=cite, actor=system)
    agreement_record(city_a=chile[0], city_b=chile[1], citations=cite, actor=system)
    agreement_record(city_a=chile[2], city_b=chile[3], citations=cite, actor=system)
    agreement_record(
        city_a=chile[0], city_b=abroad[0], kind="friendship", citations=cite, actor=system
    )
    return chile, abroad


def test_the_country_map_has_its_cities_their_partners_and_a_line_per_pair(client, chile_ties):
    chile, abroad = chile_ties
    data = client.get("/countries/CL/?format=json").json()["map"]
    roles = {point["name"].split(",")[0]: point["role"] for point in data["points"]}
    assert {roles[city.name] for city in chile} == {"home"}
    assert {roles[city.name] for city in abroad} == {"partner"}
    assert len(data["points"]) == 5 + 30
    # 30 ties abroad and 2 at home; the second agreement of a pair draws no second line.
    assert len(data["links"]) == 32
    santiago = next(p for p in data["points"] if p["name"].startswith(chile[0].name))
    assert santiago["url"] == f"/cities/{chile[0].pk}/"
    assert 'data-map="country-map"' in client.get("/countries/CL/").content.decode()


def test_the_country_page_runs_a_fixed_number_of_queries_whatever_its_ties(client, cite, system):
    before = queries(client, "/countries/CL/")
    chile = list(City.objects.filter(country_id="CL").order_by("-population")[:10])
    abroad = list(City.objects.exclude(country_id="CL").order_by("-population")[:40])
    for city in chile:
        for partner in abroad:
            agreement_record(city_a=city, city_b=partner, citations=cite, actor=system)
    assert queries(client, "/countries/CL/") == before == queries(client, "/countries/CL/")
    # The country, its cities, the page's panels (partner countries: 2, the map: 1), ...
    assert before == 7


def test_a_country_without_ties_shows_no_map(client):
    data = client.get("/countries/AQ/?format=json").json()
    assert data["map"] == {"points": [], "links": [], "lines": False}
    assert 'data-map="country-map"' not in client.get("/countries/AQ/").content.decode()
