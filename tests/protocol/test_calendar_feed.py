"""The office's private calendar feed gathers every registered calendar source: visits and
programmes, follow-up dues, and the obligations its own city owes its networks; it shows one
office's records to no other office, and a revoked address answers 404."""

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from citydiplomacy.commitments.services import rule_record
from citydiplomacy.core import extensions
from citydiplomacy.core.history.models import Via
from citydiplomacy.core.history.services import Actor
from citydiplomacy.organisations.services import membership_record, organisation_create
from citydiplomacy.protocol.services import calendar_feed_create, calendar_feed_revoke
from tests.conftest import LOS_ANGELES

pytestmark = pytest.mark.django_db


def feed_path(office, user):
    _, token = calendar_feed_create(office, actor=Actor(via=Via.WEB, user=user))
    return reverse("protocol:feed", args=[token])


def events_of(response):
    assert response.status_code == 200, response.status_code
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


@pytest.fixture
def obligation(city, cite, system):
    """Los Angeles joined a made-up network a month ago; its rule asks for an inventory
    within a year, so the first one is due on the anniversary."""
    network = organisation_create(
        slug="harbour-climate-pact",
        name="Harbour Climate Pact",
        kind="city-network",
        citations=cite,
        actor=system,
    )
    joined = dt.date.today() - dt.timedelta(days=30)
    membership_record(
        city=city(LOS_ANGELES),
        organisation=network,
        joined=joined.isoformat(),
        citations=cite,
        actor=system,
    )
    rule_record(
        organisation=network,
        kind="inventory",
        description="A greenhouse gas inventory within a year of joining.",
        within_years=1,
        citations=cite,
        actor=system,
    )
    return joined.replace(year=joined.year + 1)


def test_an_office_sees_the_obligations_due_of_its_own_city_in_its_feed(
    obligation, la_office, la_viewer, client
):
    events = events_of(client.get(feed_path(la_office, la_viewer)))
    due = [e for e in events if str(e["summary"]).startswith("Harbour Climate Pact")]
    assert len(due) == 1, [str(e["summary"]) for e in events]
    assert due[0].decoded("dtstart") == obligation
    assert "inventory within a year" in str(due[0]["description"])
    assert str(due[0]["url"]).endswith(f"/cities/{LOS_ANGELES}/obligations/")
    # The city's public obligations calendar has the same event: one for a client of both.
    public = events_of(client.get(f"/cities/{LOS_ANGELES}/obligations.ics"))
    assert [str(e["uid"]) for e in public] == [str(due[0]["uid"])]


def test_the_feed_has_an_event_from_every_registered_calendar_source(
    obligation, full_visit, la_office, la_viewer, client
):
    summaries = {str(e["summary"]) for e in events_of(client.get(feed_path(la_office, la_viewer)))}
    assert any(s.startswith("Quillerton delegation") for s in summaries)  # visits
    assert "Harbour tour" in summaries  # programme items
    assert "Due: Send the harbour dataset to Quillerton" in summaries  # follow-ups
    assert any(s.startswith("Harbour Climate Pact") for s in summaries)  # obligations
    assert {s.name for s in extensions.calendar_sources} == {"visits", "follow-ups", "obligations"}


def test_another_offices_feed_shows_none_of_this_offices_records(
    obligation, la_office, la_viewer, paris_office, paris_editor, client, system
):
    markers = [f"Zq{kind.name.replace('-', '')}xw" for kind in extensions.private_kinds]
    for kind, marker in zip(extensions.private_kinds, markers, strict=True):
        kind.example(la_office, system, marker)
    own = client.get(feed_path(la_office, la_viewer)).content.decode()
    # The Los Angeles feed does show them, so the Paris one is known to be asked the same.
    assert "Zqvisitxw harbour visit" in own and "Zqprogrammeitemxw harbour tour" in own
    other = client.get(feed_path(paris_office, paris_editor))
    text = other.content.decode()
    assert not [m for m in markers if m in text]
    assert "Harbour Climate Pact" not in text  # Paris is no member: not its obligation


def test_a_revoked_address_answers_404_and_the_others_keep_working(
    obligation, la_office, la_viewer, la_editor, client
):
    from citydiplomacy.protocol.models import CalendarFeed

    mine, kept = feed_path(la_office, la_viewer), feed_path(la_office, la_editor)
    calendar_feed_revoke(
        CalendarFeed.objects.get(user=la_viewer), actor=Actor(via=Via.WEB, user=la_viewer)
    )
    assert client.get(mine).status_code == 404
    assert "Harbour Climate Pact" not in client.get(mine).content.decode()
    assert client.get(kept).status_code == 200
