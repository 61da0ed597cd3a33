"""A public engagement shows its public parts to everyone, and never its people or follow-ups."""

import pytest

from citydiplomacy.engagements.services import engagement_update
from tests.conftest import SECRET_CONTACT, SECRET_FOLLOW_UP, TOKYO

pytestmark = pytest.mark.django_db

PRIVATE_PARTS = (SECRET_CONTACT, SECRET_FOLLOW_UP, "la-editor", "zq@example.org")


@pytest.fixture
def public_meeting(la_records, system):
    engagement = la_records.engagement
    engagement_update(
        engagement,
        actor=system,
        expected_version=1,
        visibility="public",
        title="Los Angeles and Tokyo port partnership",
        summary="The two ports will share climate data.",
    )
    return engagement


@pytest.fixture(params=["anonymous visitor", "member of another office"])
def outsider(request, client, login, paris_editor):
    return client if request.param == "anonymous visitor" else login(paris_editor)


def test_an_outsider_sees_the_public_parts_of_a_public_engagement(outsider, public_meeting):
    data = outsider.get(f"/api/engagements/{public_meeting.pk}").json()
    assert data["title"] == "Los Angeles and Tokyo port partnership"
    assert data["kind"] == "bilateral-meeting" and data["starts_on"] == "2026-03-02"
    assert [c["geonames_id"] for c in data["cities"]] == [TOKYO]
    assert data["topics"] == ["climate"] and data["summary"].startswith("The two ports")
    assert data["member_view"] is False
    assert (data["contacts"], data["staff"], data["follow_ups"]) == (None, None, None)


@pytest.mark.parametrize(
    "path",
    [
        "/engagements/{pk}/",
        "/engagements/{pk}/?format=json",
        "/engagements/?format=json",
        "/engagements/",
        "/api/engagements/",
    ],
)
def test_no_page_of_a_public_engagement_shows_its_people_or_follow_ups(
    outsider, public_meeting, path
):
    response = outsider.get(path.format(pk=public_meeting.pk))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Los Angeles and Tokyo port partnership" in text
    assert not [part for part in PRIVATE_PARTS if part in text]


def test_a_public_engagement_cannot_be_probed_by_its_participants_or_staff(
    outsider, public_meeting, la_records
):
    by_contact = outsider.get(f"/api/engagements/?contact={la_records.contact.pk}")
    no_contact = outsider.get("/api/engagements/?contact=987654321")
    by_staff = outsider.get("/api/engagements/?staff=la-editor").json()
    # The office's contact is refused exactly as an id that names no contact: no oracle.
    assert by_contact.status_code == no_contact.status_code == 422
    assert by_contact.json()["errors"]["contact"] == [
        f"No contact of your offices has the id {la_records.contact.pk}."
    ]
    assert no_contact.json()["errors"]["contact"] == [
        "No contact of your offices has the id 987654321."
    ]
    assert by_staff["count"] == 0


def test_its_history_exports_and_edits_stay_with_the_office(outsider, public_meeting):
    assert outsider.get(f"/history/engagements.engagement/{public_meeting.pk}/").status_code == 404
    csv = b"".join(outsider.get("/export/engagements.csv").streaming_content).decode()
    assert csv.count("\n") == 1  # the header only: exports are the office's working files
    patch = outsider.patch(
        f"/api/engagements/{public_meeting.pk}",
        {"version": 2, "title": "Mine"},
        content_type="application/json",
    )
    assert patch.status_code in (401, 403)
    assert outsider.get(f"/engagements/{public_meeting.pk}/edit/").status_code in (302, 403)


def test_members_see_the_whole_public_engagement(login, la_viewer, public_meeting):
    data = login(la_viewer).get(f"/api/engagements/{public_meeting.pk}").json()
    assert data["member_view"] is True
    assert [c["name"] for c in data["contacts"]] == [SECRET_CONTACT]
    assert data["staff"] == ["la-editor"]
    assert [f["what"] for f in data["follow_ups"]] == [SECRET_FOLLOW_UP]


@pytest.mark.parametrize(
    "path",
    ["/offices/la/timeline/cities/1850147/", "/offices/la/timeline/countries/JP/?format=json"],
)
def test_partner_timelines_are_for_members_even_with_public_engagements(
    outsider, public_meeting, path
):
    # A timeline would tell whether the office exists and works with that partner.
    assert outsider.get(path).status_code == 404
