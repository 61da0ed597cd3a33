import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from citydiplomacy.agreements.services import agreement_record
from citydiplomacy.geo.models import City, PopulationFigure
from tests.conftest import NEW_YORK, SAO_PAULO

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
    return len(queries)


def test_the_city_profile_runs_a_fixed_number_of_queries_whatever_its_ties(
    client, cite, system, test_source
):
    # New York has starter mayors, memberships and agreements; add 120 more partners and a
    # population series.
    before = _queries(client, f"/cities/{NEW_YORK}/")
    partners = City.objects.exclude(pk=NEW_YORK).order_by("-population")[:120]
    new_york = City.objects.get(pk=NEW_YORK)
    for partner in partners:
        agreement_record(
            city_a=new_york, city_b=partner, kind="cooperation", citations=cite, actor=system
        )
    PopulationFigure.objects.bulk_create(
        PopulationFigure(
            city_id=NEW_YORK,
            year=year,
            population=8_000_000 + year,
            kind="city-proper",
            source=test_source,
        )
        for year in range(1950, 2040, 5)
    )
    after = _queries(client, f"/cities/{NEW_YORK}/")
    # 11, and each registered panel's own fixed number: commitments 2, practices, network
    # metrics, the office's panel (none for a visitor), ...: whatever the city's ties.
    assert before == after == 20


def test_the_city_profile_shows_mayors_networks_partners_and_sources(client):
    data = client.get(f"/cities/{NEW_YORK}/?format=json").json()
    mayors = [(m["person"]["name"], m["start"], m["end"]) for m in data["mayors"]]
    assert ("Ed Koch", "1978", "1990") in mayors and ("Michael Bloomberg", "2001", "2013") in mayors
    starts = [start for _, start, _ in mayors]
    assert starts == sorted(starts, reverse=True), "the newest mayor comes first"
    newest_name, newest_start, _ = mayors[0]
    header = client.get(f"/cities/{NEW_YORK}/").content.decode().split("<h2", 1)[0]
    assert newest_name in header and newest_start in header, "the header names the newest mayor"
    partners = {a["partner"]["name"]: a["signed"] for a in data["agreements"]}
    assert partners == {
        "Tokyo": "1960",
        "Beijing": "1980",
        "Madrid": "1982",
        "Santo Domingo": "1983",
        "Cairo": "",
    }
    assert [m["organisation"]["slug"] for m in data["memberships"]] == ["c40"]
    assert {s["key"] for s in data["sources"]} >= {
        "seed-004-stren-friendly-mayors",
        "geonames-cities15000",
    }
    assert len(data["map"]["points"]) == 6


def test_the_city_profile_page_shows_region_and_map(client):
    html = client.get(f"/cities/{SAO_PAULO}/").content.decode()
    assert "São Paulo" in html
    assert "Latin America and the Caribbean" in html
    assert 'data-map="city-map"' in html
    assert "12,400,232" in html


def test_an_unknown_city_is_a_404_not_a_500(client):
    assert client.get("/cities/1/").status_code == 404
    assert client.get("/cities/1/?format=json").status_code == 404
