"""Briefing books (HTML, JSON, PDF) and the iCalendar outputs: programme and private feed."""

import datetime as dt
import io

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from citydiplomacy.offices.services import office_member_remove
from citydiplomacy.protocol.services import (
    visit_transition,
)
from tests.protocol.conftest import QUILLERTON

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def test_the_pdf_briefing_of_a_partner_names_it_its_agreement_open_follow_up_and_is_office_only(
    partner, la_viewer, login
):
    response = login(la_viewer).get(f"/offices/la/briefings/cities/{QUILLERTON}/briefing.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages = pdf_text(response.content)
    text = "\n".join(pages)
    assert "Quillerton" in text
    assert "sister" in text.lower() and "1998-05-04" in text
    assert "Send the harbour dataset to Quillerton" in text
    assert "Los Angeles Mayor's Office of International Affairs" in text
    assert all("OFFICE-ONLY" in page for page in pages)


def test_the_briefing_page_and_its_json_say_what_the_pages_say(partner, la_viewer, login):
    client = login(la_viewer)
    data = client.get(f"/offices/la/briefings/cities/{QUILLERTON}/?format=json").json()
    city_page = client.get(f"/cities/{QUILLERTON}/?format=json").json()
    assert data["partner"]["agreements"] == city_page["agreements"]
    assert data["partner"]["city"]["timezone"] == "Pacific/Auckland"
    assert [e["title"] for e in data["engagements"]] == ["Quillerton port talks"]
    assert [f["what"] for f in data["open_follow_ups"]] == [
        "Send the harbour dataset to Quillerton"
    ]
    assert data["our_agreements"] and data["marking"] == "Office-only"
    html = client.get(f"/offices/la/briefings/cities/{QUILLERTON}/").content.decode()
    assert "Office-only" in html and "Wilhelmina Pettifer" in html


def test_a_visits_briefing_has_the_delegations_bios_programme_and_gifts(
    full_visit, la_viewer, login
):
    client = login(la_viewer)
    data = client.get(f"/visits/{full_visit.pk}/briefing/?format=json").json()
    assert data["partner"]["name"] == "Quillerton"  # the requester's city
    assert data["delegation"][0]["bio"].startswith("Mayor since 2021")
    assert [i["title"] for i in data["programme"]] == ["Harbour tour"]
    text = "\n".join(pdf_text(client.get(f"/visits/{full_visit.pk}/briefing/briefing.pdf").content))
    assert "Harbour tour" in text and "Greenstone pendant" in text and "harbour master" in text


def test_the_briefing_of_a_partner_with_many_engagements_takes_a_fixed_number_of_queries(
    partner, la_office, la_viewer, login, django_assert_max_num_queries, system
):
    from citydiplomacy.engagements.services import engagement_create

    for n in range(30):
        engagement_create(
            office=la_office,
            kind="call",
            title=f"Call {n}",
            starts_on=dt.date(2024, 1, 1) + dt.timedelta(days=n),
            cities=[partner.city],
            actor=system,
        )
    client = login(la_viewer)
    # The office's sections, and the partner's profile panels as every registered domain
    # draws them (each its own fixed number, drawn once for the page and the briefing): none
    # grows with the engagements.
    with django_assert_max_num_queries(43):
        assert (
            client.get(f"/offices/la/briefings/cities/{QUILLERTON}/?format=json").status_code == 200
        )


def test_the_programme_exports_as_icalendar(full_visit, la_viewer, login):
    response = login(la_viewer).get(f"/visits/{full_visit.pk}/programme.ics")
    calendar = Calendar.from_ical(response.content)
    events = [c for c in calendar.walk("VEVENT")]
    assert [str(e["summary"]) for e in events] == ["Harbour tour"]
    assert str(events[0]["location"]) == "Port of Los Angeles"


def test_a_members_private_feed_has_visits_programme_and_follow_ups_and_revoked_answers_404(
    full_visit, partner, la_viewer, la_office, login, client, system
):
    member = login(la_viewer)
    page = member.post("/offices/la/calendar/", {"action": "create"})
    url = page.context["new_url"]
    path = url.split("testserver", 1)[1]
    feed = client.get(path)  # no session: the secret address is the key
    assert feed.status_code == 200
    summaries = {str(e["summary"]) for e in Calendar.from_ical(feed.content).walk("VEVENT")}
    assert "Harbour tour" in summaries
    assert any(s.startswith("Quillerton delegation") for s in summaries)
    assert "Due: Send the harbour dataset to Quillerton" in summaries
    from citydiplomacy.protocol.models import CalendarFeed

    feed_id = CalendarFeed.objects.get(user=la_viewer).pk
    member.post("/offices/la/calendar/", {"action": "revoke", "feed": feed_id})
    assert client.get(path).status_code == 404
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_a_feed_stops_when_its_user_leaves_the_office(
    full_visit, la_viewer, la_office, login, client, system
):
    page = login(la_viewer).post("/offices/la/calendar/", {"action": "create"})
    path = page.context["new_url"].split("testserver", 1)[1]
    assert client.get(path).status_code == 200
    from citydiplomacy.offices.models import OfficeMembership

    office_member_remove(
        OfficeMembership.objects.get(user=la_viewer), actor=system, expected_version=None
    )
    assert client.get(path).status_code == 404


def test_cancelled_visits_leave_the_feed(full_visit, editor_actor):
    from citydiplomacy.protocol.calendar import office_feed_ics

    visit_transition(full_visit, status="cancelled", actor=editor_actor)
    text = office_feed_ics(full_visit.office).decode()
    assert "Quillerton delegation" not in text


def test_a_country_briefing_gathers_the_engagements_with_its_cities(partner, la_viewer, login):
    data = login(la_viewer).get("/offices/la/briefings/countries/nz/?format=json").json()
    assert data["partner"]["name"] == "New Zealand"
    assert [e["title"] for e in data["engagements"]] == ["Quillerton port talks"]
    assert data["open_follow_ups"]


def test_a_held_visit_is_debriefed_on_its_page_with_outcomes_and_agreements(
    visit, partner, editor_actor, la_editor, login
):
    for status in ("approved", "scheduled", "held"):
        visit_transition(visit, status=status, actor=editor_actor)
    visit.refresh_from_db()
    response = login(la_editor).post(
        f"/visits/{visit.pk}/debrief/",
        {
            "debrief": "Agreed a harbour data exchange.",
            "outcomes": "Data exchange from March.",
            "agreements": [partner.agreement.pk],
            "version": visit.version,
        },
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == "debriefed"
    assert visit.engagement.outcomes == "Data exchange from March."
    assert list(visit.engagement.agreements.all()) == [partner.agreement]


@pytest.mark.parametrize(
    "url", ["https://example.org/gift-photo.jpg", "file:///etc/passwd", "data:text/css,p{}"]
)
def test_the_pdf_renderer_fetches_nothing(url):
    # A briefing is self-contained: no photo URL, file or stylesheet is ever read into it.
    from citydiplomacy.protocol.views_briefing import _no_fetching

    with pytest.raises(ValueError, match="disallowed protocol"):
        _no_fetching()(url)
