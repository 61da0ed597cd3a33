import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from citydiplomacy.geo.models import City
from citydiplomacy.organisations.services import membership_record, organisation_create
from tests.conftest import LONDON, NEW_YORK, PARIS

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(cite, system):
    return organisation_create(
        name="Test Network", kind="city-network", citations=cite, actor=system
    )


def _members(network, ids, cite, system, **values):
    for geonames_id in ids:
        membership_record(
            city=City.objects.get(pk=geonames_id),
            organisation=network,
            citations=cite,
            actor=system,
            **values,
        )


def test_each_city_counts_once_in_the_combined_population(client, network, city, cite, system):
    _members(network, [PARIS, LONDON], cite, system)
    # London also chairs the network: a second role, the same city.
    membership_record(
        city=city(LONDON), organisation=network, role="chair", citations=cite, actor=system
    )
    data = client.get(f"/organisations/{network.slug}/?format=json").json()
    expected = city(PARIS).population + city(LONDON).population
    assert data["population"]["current_population"] == expected
    assert data["counts"]["current_members"] == 2
    assert data["counts"]["memberships"] == 3


def test_former_members_do_not_count_in_the_current_weight(client, network, city, cite, system):
    _members(network, [PARIS], cite, system)
    _members(network, [NEW_YORK], cite, system, joined="2001", left="2010")
    data = client.get(f"/organisations/{network.slug}/?format=json").json()
    assert data["population"]["current_population"] == city(PARIS).population
    assert data["counts"]["former_members"] == 1
    assert [p["name"] for p in data["map"]["points"]] == ["Paris, France"]


def test_the_profile_page_shows_members_map_and_weight(client, network, cite, system):
    _members(network, [PARIS, LONDON], cite, system)
    html = client.get(f"/organisations/{network.slug}/").content.decode()
    assert 'data-map="members-map"' in html
    assert "Paris" in html and "London" in html
    assert "Their combined population" in html


def _profile_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_organisation_profile_runs_a_fixed_number_of_queries(client, network, cite, system):
    _members(network, [PARIS], cite, system)
    few = _profile_queries(client, f"/organisations/{network.slug}/")
    biggest = City.objects.order_by("-population").values_list("pk", flat=True)[:60]
    _members(network, [pk for pk in biggest if pk != PARIS], cite, system)
    many = _profile_queries(client, f"/organisations/{network.slug}/")
    # 7, the accountability panel (members and their records) and the network panel.
    assert few == many == 12
