"""The visit and gift pages: what they show, and a number of queries that does not grow."""

import datetime as dt
from decimal import Decimal

import pytest

from citydiplomacy.protocol.services import (
    delegation_member_create,
    gift_create,
    participant_create,
    programme_item_create,
)
from tests.protocol.conftest import at

pytestmark = pytest.mark.django_db


def _fill(visit, actor, office, n):
    for i in range(n):
        item = programme_item_create(
            visit=visit,
            title=f"Item {i}",
            starts_at=at(visit.starts_on, 8 + i % 10),
            ends_at=at(visit.starts_on, 9 + i % 10),
            actor=actor,
        )
        participant_create(item=item, name=f"Guest {i}", rank="Minister", actor=actor)
        participant_create(item=item, name=f"Host {i}", rank="Mayor", side="host", actor=actor)
        delegation_member_create(visit=visit, name=f"Delegate {i}", actor=actor)
        gift_create(
            office=office,
            visit=visit,
            given_on=dt.date(2025, 1, 1) + dt.timedelta(days=i),
            direction="given",
            giver="Mayor",
            recipient=f"Delegate {i}",
            description=f"Gift {i}",
            value=Decimal(i * 50),
            currency="EUR",
            actor=actor,
        )


def test_the_visit_page_shows_the_programme_in_precedence_in_a_fixed_number_of_queries(
    visit, editor_actor, la_office, la_viewer, login, django_assert_max_num_queries
):
    _fill(visit, editor_actor, la_office, 8)
    client = login(la_viewer)
    with django_assert_max_num_queries(25):
        data = client.get(f"/visits/{visit.pk}/?format=json").json()
    assert len(data["programme"]) == 8
    names = [p["name"] for p in data["programme"][0]["participants"]]
    assert names == ["Guest 0", "Host 0"]  # a minister before the mayor, by the default ranks
    with django_assert_max_num_queries(30):
        assert client.get(f"/visits/{visit.pk}/").status_code == 200


def test_the_gifts_register_takes_a_fixed_number_of_queries(
    visit, editor_actor, la_office, la_viewer, login, django_assert_max_num_queries
):
    _fill(visit, editor_actor, la_office, 12)
    client = login(la_viewer)
    with django_assert_max_num_queries(15):
        data = client.get("/gifts/?format=json").json()
    assert data["count"] == 12
    with django_assert_max_num_queries(20):
        assert client.get("/gifts/").status_code == 200


def test_bad_filters_of_the_register_are_refused_naming_them(la_viewer, login):
    response = login(la_viewer).get("/gifts/?format=json&year=abc")
    assert response.status_code == 422 and "year" in response.json()["errors"]
    assert login(la_viewer).get("/export/gifts.csv?year=abc").status_code == 400
