"""Engagement lists and partner timelines: filters, order, and a query count that never grows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from citydiplomacy.contacts.services import contact_create
from citydiplomacy.engagements.services import engagement_create, follow_up_create
from citydiplomacy.geo.models import City, Country
from citydiplomacy.organisations.models import Organisation, Topic
from tests.conftest import LONDON, PARIS, TOKYO

pytestmark = pytest.mark.django_db

# The pages' SQL queries, whatever the number of engagements (pinned so an N+1 fails here).
# Lists read a page as its primary keys first, then those records (core.listing: deep
# pages cost what the first does), one query more than a plain OFFSET page.
LIST_QUERIES = 15
TIMELINE_QUERIES = 17
# The city's is the office's partner page: the relationship over the timeline (5 more).
PARTNER_PAGE_QUERIES = 23  # the header checks membership once (panels.require_member)
FOLLOW_UP_QUERIES = 5


def add_engagements(office, user, n, *, start=0, system):
    """`n` engagements with every kind of relation, so a per-row query would show."""
    cities = list(City.objects.filter(pk__in=[TOKYO, LONDON, PARIS]))
    topics = list(Topic.objects.all()[:3])
    organisation = Organisation.objects.get(slug="c40")
    for i in range(start, start + n):
        contact = contact_create(office=office, name=f"Contact {i}", actor=system)
        engagement = engagement_create(
            office=office,
            kind="call" if i % 2 else "trade-mission",
            title=f"Engagement {i}",
            starts_on=dt.date(2025, 1, 1) + dt.timedelta(days=i),
            city=cities[i % 3],
            staff=[user],
            contacts=[contact],
            cities=cities[: 1 + i % 3],
            countries=[Country.objects.get(pk="JP")],
            organisations=[organisation],
            topics=topics,
            actor=system,
        )
        follow_up_create(engagement=engagement, what=f"Follow-up {i}", owner=user, actor=system)


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200, response.content[:500]
    return len(captured)


@pytest.mark.parametrize("fmt", ["", "?format=json"])
def test_the_engagement_list_and_the_timelines_run_a_fixed_number_of_queries(
    fmt, login, la_office, la_editor, system
):
    client = login(la_editor)
    urls = {
        f"/engagements/{fmt}": LIST_QUERIES,
        f"/offices/la/timeline/cities/{TOKYO}/{fmt}": PARTNER_PAGE_QUERIES,
        f"/offices/la/timeline/countries/JP/{fmt}": TIMELINE_QUERIES,
        f"/me/follow-ups/{fmt}": FOLLOW_UP_QUERIES,
    }
    add_engagements(la_office, la_editor, 2, system=system)
    few = {url: queries(client, url) for url in urls}
    add_engagements(la_office, la_editor, 60, start=2, system=system)
    many = {url: queries(client, url) for url in urls}
    assert few == many
    if not fmt:
        assert many == urls, "the pinned query counts changed"


def test_lists_filter_by_partner_city_country_kind_topic_and_date(
    login, la_office, la_editor, system
):
    add_engagements(la_office, la_editor, 6, system=system)
    client = login(la_editor)

    def titles(query):
        data = client.get(f"/api/engagements/?{query}&sort=date").json()
        return [e["title"] for e in data["results"]]

    assert titles(f"partner_city={PARIS}") == ["Engagement 2", "Engagement 5"]
    assert titles(f"partner_city={LONDON}") == [f"Engagement {i}" for i in (1, 2, 4, 5)]
    assert titles("partner_country=fr") == ["Engagement 2", "Engagement 5"]
    assert len(titles("partner_country=JP")) == 6  # the country itself is a partner of each
    assert titles("kind=call") == ["Engagement 1", "Engagement 3", "Engagement 5"]
    assert len(titles("topic=climate")) == 6
    assert titles("date_from=2025-01-03&date_to=2025-01-04") == ["Engagement 2", "Engagement 3"]
    assert titles("q=engagement 4") == ["Engagement 4"]
    bad = client.get("/api/engagements/?date_from=soon")
    assert bad.status_code == 422 and "date_from" in bad.json()["errors"]


def test_a_timeline_lists_the_offices_engagements_with_a_partner_newest_first(
    login, la_office, paris_office, la_editor, paris_editor, system
):
    add_engagements(la_office, la_editor, 4, system=system)
    add_engagements(paris_office, paris_editor, 2, start=10, system=system)
    data = login(la_editor).get(f"/offices/la/timeline/cities/{LONDON}/?format=json").json()
    assert data["title"] == "Los Angeles Mayor's Office of International Affairs and London"
    assert [e["title"] for e in data["results"]] == ["Engagement 2", "Engagement 1"]
    paged = login(la_editor).get("/offices/la/timeline/countries/JP/?format=json&per_page=3")
    assert paged.json()["pages"] == 2 and paged.json()["count"] == 4


def test_follow_up_lists_filter_by_status_owner_due_and_overdue(
    login, la_records, la_editor, la_admin, system
):
    today = dt.date.today()
    follow_up_create(
        engagement=la_records.engagement,
        what="Book the return visit",
        owner=la_admin,
        due_on=today + dt.timedelta(days=30),
        actor=system,
    )
    client = login(la_editor)

    def whats(query):
        return [f["what"] for f in client.get(f"/api/follow-ups/?{query}").json()["results"]]

    assert whats("overdue=true") == ["Xylophone memorandum draft"]
    assert whats("owner=la-admin") == ["Book the return visit"]
    assert whats("mine=true") == ["Xylophone memorandum draft"]
    assert whats(f"due_from={today.isoformat()}") == ["Book the return visit"]
    assert whats("status=done") == []
    mine = client.get("/me/follow-ups/?format=json").json()
    assert [f["what"] for f in mine["results"]] == ["Xylophone memorandum draft"]


def test_the_contact_options_offer_only_the_visitors_own_offices_contacts(
    login, la_records, paris_office, paris_editor, system
):
    contact_create(office=paris_office, name="Zebulon of Paris", actor=system)
    rows = login(paris_editor).get("/search/options/contact/?q=zebulon").json()["results"]
    assert [r["label"] for r in rows] == ["Zebulon of Paris"]
