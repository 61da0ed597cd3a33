"""The registry's main lists cost the same number of SQL queries with three times the
records on the page: agreements (with their sources), cities with their counts, people with
their terms, and an organisation's memberships. A per-row query (an N+1) would make the
second count larger than the first."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from citydiplomacy.agreements.services import agreement_record
from citydiplomacy.geo.models import City
from citydiplomacy.organisations.services import membership_record, organisation_create
from citydiplomacy.people.services import office_record, person_create

pytestmark = pytest.mark.django_db

N = 5


def queries(client, url: str) -> tuple[int, int]:
    """The queries of the page and of its JSON twin."""
    counts = []
    for suffix in ("", "&format=json"):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url + suffix)
            assert response.status_code == 200, response.content[:500]
        counts.append(len(captured))
    return counts[0], counts[1]


def rows(client, url: str) -> int:
    return len(client.get(url + "&format=json").json()["results"])


@pytest.fixture
def hub() -> City:
    """Reykjavík, with no starter agreements: the agreements added are all it has."""
    return City.objects.filter(country_id="IS").order_by("-population")[0]


@pytest.fixture
def norwegian() -> list[City]:
    return list(City.objects.filter(country_id="NO").order_by("-population")[: 3 * N])


def tie(hub: City, partners: list[City], cite, system) -> None:
    for partner in partners:
        agreement_record(city_a=hub, city_b=partner, signed="1990", citations=cite, actor=system)


def test_the_agreement_list_costs_the_same_with_three_times_the_agreements(
    client, hub, norwegian, cite, system
):
    url = f"/agreements/?city={hub.pk}&per_page=100"
    tie(hub, norwegian[:N], cite, system)
    few = queries(client, url)
    tie(hub, norwegian[N:], cite, system)
    assert rows(client, url) == 3 * N
    assert queries(client, url) == few


def test_the_city_list_costs_the_same_with_three_times_the_cities_shown(
    client, hub, norwegian, cite, system
):
    # Norway's cities with an agreement: as many rows as ties, each with its counts.
    url = "/cities/?country=NO&min_agreements=1&sort=-agreements&per_page=100"
    tie(hub, norwegian[:N], cite, system)
    few = queries(client, url)
    assert rows(client, url) == N
    tie(hub, norwegian[N:], cite, system)
    assert rows(client, url) == 3 * N
    assert queries(client, url) == few


def add_people(cities: list[City], start: int, cite, system) -> None:
    """A mayor of each city, with a second term elsewhere (two terms on each row)."""
    for n, city in enumerate(cities, start):
        person = person_create(name=f"Pinned Person {n}", citations=cite, actor=system)
        for term, place in enumerate((city, cities[0])):
            office_record(
                person=person,
                city=place,
                start=str(1990 + 5 * term),
                end=str(1994 + 5 * term),
                citations=cite,
                actor=system,
            )


def test_the_people_list_costs_the_same_with_three_times_the_people(
    client, norwegian, cite, system
):
    url = "/people/?q=Pinned+Person&per_page=100"
    add_people(norwegian[:N], 0, cite, system)
    few = queries(client, url)
    add_people(norwegian[N:], N, cite, system)
    assert rows(client, url) == 3 * N
    assert queries(client, url) == few


def test_the_membership_list_costs_the_same_with_three_times_the_members(
    client, norwegian, cite, system
):
    network = organisation_create(
        name="Pinned Network", kind="city-network", citations=cite, actor=system
    )
    url = f"/memberships/?organisation={network.slug}&per_page=100"
    for city in norwegian[:N]:
        membership_record(
            city=city, organisation=network, joined="2001", citations=cite, actor=system
        )
    few = queries(client, url)
    for city in norwegian[N:]:
        membership_record(
            city=city, organisation=network, joined="2001", citations=cite, actor=system
        )
    assert rows(client, url) == 3 * N
    assert queries(client, url) == few
