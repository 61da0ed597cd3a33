"""The office's panels cost the same number of SQL queries however many records the office
keeps: the dashboard with its partners' health, and the panel on a partner city's and
country's page (engagements, follow-ups, contacts, consular posts). A per-row query (an
N+1) would make the second count larger than the first."""

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from citydiplomacy.agreements.services import agreement_record
from citydiplomacy.contacts.services import consular_post_create, contact_create
from citydiplomacy.engagements.services import engagement_create, follow_up_create
from citydiplomacy.geo.models import City, Country
from tests.conftest import LOS_ANGELES

pytestmark = pytest.mark.django_db

N = 4
numbers = itertools.count()  # names the records apart


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200, response.content[:500]
    return len(captured)


def japanese_cities(n: int) -> list[City]:
    """The n largest cities of Japan: partners for Los Angeles, places for the panel."""
    return list(City.objects.filter(country_id="JP").order_by("-population")[:n])


def add_partners(partners: list[City], *, cite, system) -> None:
    home = City.objects.get(pk=LOS_ANGELES)
    for partner in partners:
        agreement_record(city_a=home, city_b=partner, citations=cite, actor=system)


def add_dealings(office, user, places: list[City], *, system) -> None:
    """For each place: a contact there, an engagement with them and an open follow-up."""
    for place in places:
        n = next(numbers)
        contact = contact_create(
            office=office, name=f"Pinned contact {n}", city=place, actor=system
        )
        engagement = engagement_create(
            office=office,
            kind="call",
            title=f"Pinned call {n}",
            starts_on=dt.date(2025, 1, 1) + dt.timedelta(days=n),
            cities=[place],
            contacts=[contact],
            staff=[user],
            actor=system,
        )
        follow_up_create(
            engagement=engagement, what=f"Pinned follow-up {n}", owner=user, actor=system
        )


def add_posts(office, n: int, *, system) -> None:
    """n consular posts of Japan in Los Angeles (honorary consuls, say, each with a title)."""
    japan = Country.objects.get(pk="JP")
    for _ in range(n):
        consular_post_create(
            office=office,
            country=japan,
            kind="honorary-consulate",
            holder_title=f"Honorary Consul {next(numbers)}",
            actor=system,
        )


@pytest.fixture
def member(login, la_editor):
    return login(la_editor)


def test_the_dashboard_costs_the_same_with_three_times_the_partners(
    member, la_office, la_editor, cite, system
):
    cities = japanese_cities(3 * N)
    url = f"/offices/{la_office.slug}/"
    add_partners(cities[:N], cite=cite, system=system)
    add_dealings(la_office, la_editor, cities[:N], system=system)
    few = queries(member, url), queries(member, url + "?format=json")
    add_partners(cities[N:], cite=cite, system=system)
    add_dealings(la_office, la_editor, cities[N:], system=system)
    data = member.get(url + "?format=json").json()
    assert len(data["partner_health"]["partners"]) == 3 * N
    assert (queries(member, url), queries(member, url + "?format=json")) == few


def test_the_panel_on_a_city_and_a_country_costs_the_same_with_three_times_the_records(
    member, la_office, la_editor, system
):
    tokyo = japanese_cities(1)[0]
    urls = [f"/cities/{tokyo.pk}/", "/countries/JP/", f"/cities/{tokyo.pk}/?format=json"]
    # Everything about Tokyo: several contacts, engagements and follow-ups there.
    add_dealings(la_office, la_editor, [tokyo] * N, system=system)
    add_posts(la_office, N, system=system)
    few = [queries(member, url) for url in urls]
    add_dealings(la_office, la_editor, [tokyo] * (2 * N), system=system)
    add_posts(la_office, 2 * N, system=system)
    (panel,) = member.get(urls[-1]).json()["office_panel"]
    assert panel["engagement_count"] == 3 * N
    assert len(panel["consular_posts"]) == min(3 * N, 5)  # the panel lists the first five
    assert [queries(member, url) for url in urls] == few
