"""What makes an engagement or a follow-up valid, said the same way by every door."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from citydiplomacy.contacts.services import contact_create
from citydiplomacy.engagements.models import FollowUp
from tests.conftest import TOKYO

pytestmark = pytest.mark.django_db

MEETING = {"office": "la", "kind": "bilateral-meeting", "title": "Tokyo", "starts_on": "2026-05-04"}


def post(client, payload):
    return client.post("/api/engagements/", payload, content_type="application/json")


@pytest.fixture
def editor_api(login, la_editor):
    return login(la_editor)


def test_an_engagement_cannot_end_before_it_starts(editor_api):
    response = post(editor_api, {**MEETING, "ends_on": "2026-05-01"})
    assert response.status_code == 422
    assert response.json()["errors"]["ends_on"] == ["An engagement cannot end before it starts."]


def test_a_page_shows_the_same_refusal_next_to_the_field(login, la_editor):
    response = login(la_editor).post(
        "/engagements/new/",
        {**MEETING, "ends_on": "2026-05-01", "visibility": "office"},
    )
    assert response.status_code == 400
    assert "An engagement cannot end before it starts." in response.content.decode()


def test_participants_must_be_the_offices_own_contacts(
    editor_api, paris_office, city, system, la_records
):
    theirs = contact_create(office=paris_office, name="Someone in Paris", actor=system)
    response = post(editor_api, {**MEETING, "contacts": [la_records.contact.pk, theirs.pk]})
    assert response.status_code == 422
    assert response.json()["errors"]["contacts"] == [f"Unknown contacts: {theirs.pk}."]


def test_staff_must_be_members_of_the_office(editor_api, paris_editor):
    response = post(editor_api, {**MEETING, "staff": ["la-editor", "paris-editor"]})
    assert response.status_code == 422
    assert "'paris-editor' is not a member of this office." in response.json()["detail"]


def test_the_owner_of_a_follow_up_must_be_a_member(editor_api, la_records, paris_editor):
    response = editor_api.post(
        "/api/follow-ups/",
        {"engagement": la_records.engagement.pk, "what": "x", "owner": "paris-editor"},
        content_type="application/json",
    )
    assert response.status_code == 422 and "owner" in response.json()["errors"]


def test_unknown_topics_cities_and_dates_get_clear_messages(editor_api):
    topic = post(editor_api, {**MEETING, "topics": ["weather"]})
    assert topic.status_code == 422 and "known topics: " in topic.json()["detail"]
    city = post(editor_api, {**MEETING, "cities": [TOKYO, 1]})
    assert city.status_code == 422 and city.json()["errors"]["cities"] == ["Unknown cities: 1."]
    date = post(editor_api, {**MEETING, "starts_on": "soon"})
    assert date.status_code == 422 and "starts_on" in date.json()["errors"]
    kind = post(editor_api, {**MEETING, "kind": "party"})
    assert kind.status_code == 422 and "kind" in kind.json()["errors"]


def test_a_done_follow_up_is_dated_and_reopening_clears_the_date(editor_api, la_records):
    follow_up = la_records.follow_up
    done = editor_api.patch(
        f"/api/follow-ups/{follow_up.pk}",
        {"version": 1, "status": "done"},
        content_type="application/json",
    ).json()
    assert done["done_on"] == timezone.localdate().isoformat() and done["overdue"] is False
    reopened = editor_api.patch(
        f"/api/follow-ups/{follow_up.pk}",
        {"version": 2, "status": "open"},
        content_type="application/json",
    ).json()
    assert reopened["done_on"] is None and reopened["overdue"] is True


def test_deleting_an_engagement_deletes_its_follow_ups_and_records_each(editor_api, la_records):
    engagement, follow_up = la_records.engagement, la_records.follow_up
    response = editor_api.delete(f"/api/engagements/{engagement.pk}?version=1")
    assert response.status_code == 204
    assert not FollowUp.objects.filter(pk=follow_up.pk).exists()
    history = editor_api.get(
        f"/api/history/?model=engagements.followup&object_id={follow_up.pk}&action=delete"
    ).json()
    assert history["count"] == 1 and history["results"][0]["actor"] == "la-editor"


def test_the_cli_reports_an_unknown_engagement_for_a_follow_up(la_editor):
    with pytest.raises(CommandError, match="No engagement 99999 in your offices"):
        call_command(
            "add",
            "follow-up",
            "engagement=99999",
            "what=x",
            "owner=la-editor",
            "--user",
            "la-editor",
        )


def test_an_engagement_lasts_from_its_first_to_its_last_day(editor_api):
    created = post(editor_api, {**MEETING, "ends_on": "2026-05-06"}).json()
    assert dt.date.fromisoformat(created["ends_on"]) - dt.date.fromisoformat(
        created["starts_on"]
    ) == dt.timedelta(days=2)
