"""The office's partner page is a relationship view: the agreements between the office's city
and the partner, the office's contacts there, the open follow-ups and the documents over
the engagements timeline; for the office's members only, in a fixed number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from citydiplomacy.agreements.services import agreement_record
from citydiplomacy.contacts.services import contact_create
from citydiplomacy.core.history.services import Actor, Via
from citydiplomacy.engagements.services import engagement_create, follow_up_create
from citydiplomacy.geo.models import City
from citydiplomacy.protocol.services import visit_request
from tests.conftest import LOS_ANGELES, TOKYO

pytestmark = pytest.mark.django_db

URL = f"/offices/la/timeline/cities/{TOKYO}/"
# The timeline's 17 and the relationship's: agreements, the engagement count with the
# latest date (one aggregate), follow-ups, contacts and documents.
RELATIONSHIP_QUERIES = 23  # the header checks membership once (panels.require_member)
# A visit is requested with the office's notice (14 days unless it sets another).
VISIT_ON = timezone.localdate() + dt.timedelta(days=40)


@pytest.fixture
def tokyo_history(la_office, la_editor, cite, system):
    tokyo, la = City.objects.get(pk=TOKYO), City.objects.get(pk=LOS_ANGELES)
    agreement_record(city_a=la, city_b=tokyo, signed="1959", citations=cite, actor=system)
    contact = contact_create(office=la_office, name="Aiko Tanaka", city=tokyo, actor=system)
    meeting = engagement_create(
        office=la_office,
        kind="bilateral-meeting",
        title="Port of Tokyo talks",
        starts_on=dt.date(2025, 5, 1),
        cities=[tokyo],
        contacts=[contact],
        actor=system,
    )
    follow_up_create(engagement=meeting, what="Send the port study", owner=la_editor, actor=system)
    visit = visit_request(
        office=la_office,
        kind="inbound-delegation",
        title="Tokyo delegation",
        starts_on=VISIT_ON,
        city=tokyo,
        requester_kind="partner-city",
        requester_contact=contact,
        actor=Actor(via=Via.WEB, user=la_editor),
    )
    return visit


def test_the_partner_page_shows_the_relationship_over_the_timeline(login, la_editor, tokyo_history):
    data = login(la_editor).get(f"{URL}?format=json").json()
    relationship = data["relationship"]
    assert relationship["partner"]["name"] == "Tokyo"
    assert [(a["kind_label"], a["signed"]) for a in relationship["agreements"]] == [
        ("sister city (twinning)", "1959")
    ]
    assert [c["name"] for c in relationship["contacts"]] == ["Aiko Tanaka"]
    assert [f["what"] for f in relationship["open_follow_ups"]] == ["Send the port study"]
    assert relationship["documents"] == [
        {
            "title": "Briefing book: Tokyo delegation",
            "date": VISIT_ON.isoformat(),
            "url": f"/visits/{tokyo_history.pk}/briefing/",
        }
    ]
    assert relationship["engagement_count"] == 2
    # The last engagement is the latest one, the coming visit.
    assert relationship["last_engagement"] == VISIT_ON.isoformat()
    assert [e["title"] for e in data["results"]] == ["Tokyo delegation", "Port of Tokyo talks"]
    html = login(la_editor).get(URL).content.decode()
    for part in ("relationship-agreements", "relationship-contacts", "relationship-documents"):
        assert f'data-testid="{part}"' in html
    assert "Aiko Tanaka" in html and "Send the port study" in html


def test_another_office_and_visitors_see_nothing_of_it(client, login, paris_editor, tokyo_history):
    assert client.get(URL).status_code in (302, 404)
    assert login(paris_editor).get(f"{URL}?format=json").status_code == 404
    # Paris' own partner page with Tokyo says nothing of Los Angeles' contacts.
    paris = login(paris_editor).get(f"/offices/paris/timeline/cities/{TOKYO}/?format=json")
    assert paris.json()["relationship"]["contacts"] == []


def test_the_partner_page_runs_a_fixed_number_of_queries(login, la_office, la_editor, system):
    client = login(la_editor)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    tokyo = City.objects.get(pk=TOKYO)
    before = 0
    for number in range(21):
        if number == 1:  # one of each first: an empty list skips reading rows
            before = queries()
        contact = contact_create(
            office=la_office, name=f"Contact {number}", city=tokyo, actor=system
        )
        meeting = engagement_create(
            office=la_office,
            kind="call",
            title=f"Call {number}",
            starts_on=dt.date(2025, 1, 1) + dt.timedelta(days=number),
            cities=[tokyo],
            contacts=[contact],
            actor=system,
        )
        follow_up_create(engagement=meeting, what=f"Do {number}", owner=la_editor, actor=system)
    assert queries() == before == RELATIONSHIP_QUERIES


def test_the_header_reads_nothing_for_someone_outside_the_office(la_office, paris_editor):
    """Its queries filter on the office alone, so it checks membership itself, and answers
    as if the office did not exist."""
    from django.http import Http404

    from citydiplomacy.engagements.relationship import partner_relationship

    with pytest.raises(Http404):
        partner_relationship(la_office, paris_editor, City.objects.get(pk=TOKYO))
