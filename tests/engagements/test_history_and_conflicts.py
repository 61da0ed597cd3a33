"""Every change of an office record is in its history, whichever door; stale saves are refused."""

import pytest
from django.core.management import call_command

from citydiplomacy.engagements.services import engagement_update
from tests.conftest import TOKYO

pytestmark = pytest.mark.django_db


def test_the_history_of_an_engagement_shows_the_ui_the_api_and_the_cli_with_their_authors(
    login, la_admin, la_editor, la_records
):
    engagement = la_records.engagement
    page = login(la_editor).post(
        f"/engagements/{engagement.pk}/edit/",
        {
            "office": "la",
            "kind": "bilateral-meeting",
            "title": engagement.title,
            "starts_on": "2026-03-02",
            "contacts": [la_records.contact.pk],
            "staff": [la_editor.pk],
            "cities": [TOKYO],
            "topics": ["climate"],
            "visibility": "office",
            "summary": engagement.summary,
            "outcomes": "A port partnership",
            "version": 1,
        },
    )
    assert page.status_code == 302, page.content.decode()[-3000:]
    api = login(la_admin).patch(
        f"/api/engagements/{engagement.pk}",
        {"version": 2, "summary": "Discussed the port", "topics": ["trade-investment"]},
        content_type="application/json",
    )
    assert api.status_code == 200, api.json()
    call_command("edit", "engagement", str(engagement.pk), "venue=City Hall", "--user", "la-editor")

    history = (
        login(la_admin).get(f"/history/engagements.engagement/{engagement.pk}/?format=json").json()
    )
    changes = [
        (c["actor"], c["via"], [f["field"] for f in c["changes"]]) for c in history["changes"]
    ]
    assert changes == [
        ("la-editor (command line)", "cli", ["venue"]),
        ("la-admin", "api", ["summary", "topics"]),
        ("la-editor", "web", ["outcomes"]),
        ("test", "system", changes[-1][2]),
    ]
    created = history["changes"][-1]["changes"]
    # Other records name a contact by id only, so erasing a person leaves nothing here.
    assert {"field": "contacts", "before": None, "after": [f"contact {la_records.contact.pk}"]} in (
        created
    )


def test_the_history_page_of_a_record_lists_its_changes_for_members(login, la_viewer, la_records):
    html = (
        login(la_viewer)
        .get(f"/history/engagements.followup/{la_records.follow_up.pk}/")
        .content.decode()
    )
    assert html.count('data-testid="change"') == 1 and "Xylophone" in html


KINDS = {
    "contact": ("contacts", "name", "Zeb Q."),
    "engagement": ("engagements", "title", "Harbour talks"),
    "follow-up": ("follow-ups", "what", "Send the draft"),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_api_refuses_a_second_save_from_the_same_version_and_says_what_changed(
    kind, login, la_admin, la_editor, la_records
):
    plural, field, value = KINDS[kind]
    obj = getattr(la_records, kind.replace("-", "_"))
    first = login(la_admin).patch(
        f"/api/{plural}/{obj.pk}", {"version": 1, field: value}, content_type="application/json"
    )
    assert first.status_code == 200
    stale = login(la_editor).patch(
        f"/api/{plural}/{obj.pk}",
        {"version": 1, field: "Mine"},
        content_type="application/json",
    )
    assert stale.status_code == 409
    body = stale.json()
    assert body["current_version"] == 2
    assert [c["field"] for c in body["changes"]] == [field]
    assert body["changes"][0]["after"] == value
    assert "la-admin" in body["detail"] and "reload" in body["detail"]
    obj.refresh_from_db()
    assert getattr(obj, field) == value


def _form(kind, records, editor):
    if kind == "contact":
        return "/contacts/{}/edit/", {"office": "la", "name": "Mine", "kind": "diplomat"}
    if kind == "follow-up":
        return "/follow-ups/{}/edit/", {"what": "Mine", "owner": editor.pk, "status": "open"}
    return "/engagements/{}/edit/", {
        "office": "la",
        "kind": "call",
        "title": "Mine",
        "starts_on": "2026-03-02",
        "visibility": "office",
    }


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_form_shows_a_conflict_and_keeps_the_other_change(
    kind, login, la_editor, la_records, system
):
    plural, field, value = KINDS[kind]
    obj = getattr(la_records, kind.replace("-", "_"))
    if kind == "engagement":
        engagement_update(obj, actor=system, expected_version=1, title=value)
    else:
        login(la_editor).patch(
            f"/api/{plural}/{obj.pk}", {"version": 1, field: value}, content_type="application/json"
        )
    url, data = _form(kind, la_records, la_editor)
    response = login(la_editor).post(url.format(obj.pk), {**data, "version": 1})
    assert response.status_code == 400
    html = response.content.decode()
    assert "after you opened it" in html and field in html and value in html
    obj.refresh_from_db()
    assert getattr(obj, field) == value and obj.version == 2
