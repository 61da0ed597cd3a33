"""Roles in an office: viewers read, editors write, admins manage members; through every door."""

import pytest
from django.core.management import CommandError, call_command

from citydiplomacy.contacts.models import Contact
from citydiplomacy.engagements.models import Engagement, FollowUp
from citydiplomacy.offices.models import OfficeMembership

pytestmark = pytest.mark.django_db


def web_create(kind, records, owner):
    """(URL, form data) that create a record of `kind` through its page."""
    return {
        "contact": ("/contacts/new/", {"office": "la", "name": "Ada New", "kind": "business"}),
        "engagement": (
            "/engagements/new/",
            {
                "office": "la",
                "kind": "call",
                "title": "Call with Lagos",
                "starts_on": "2026-05-01",
                "visibility": "office",
            },
        ),
        "follow-up": (
            f"/engagements/{records.engagement.pk}/follow-ups/new/",
            {"what": "Send the photos", "owner": owner.pk, "status": "open"},
        ),
    }[kind]


def api_create(kind, records):
    return {
        "contact": ("/api/contacts/", {"office": "la", "name": "Ada New"}),
        "engagement": (
            "/api/engagements/",
            {"office": "la", "kind": "call", "title": "Call with Lagos", "starts_on": "2026-05-01"},
        ),
        "follow-up": (
            "/api/follow-ups/",
            {"engagement": records.engagement.pk, "what": "Send the photos", "owner": "la-editor"},
        ),
    }[kind]


def cli_create(kind, records):
    return {
        "contact": ["add", "contact", "office=la", "name=Ada New"],
        "engagement": [
            "add",
            "engagement",
            "office=la",
            "kind=call",
            "title=Call with Lagos",
            "starts_on=2026-05-01",
        ],
        "follow-up": [
            "add",
            "follow-up",
            f"engagement={records.engagement.pk}",
            "what=Send the photos",
            "owner=la-editor",
        ],
    }[kind]


MODELS = {"contact": Contact, "engagement": Engagement, "follow-up": FollowUp}
KINDS = list(MODELS)


def record_of(kind, records):
    return getattr(records, kind.replace("-", "_"))


@pytest.mark.parametrize("kind", KINDS)
def test_a_viewer_cannot_write_through_the_pages(kind, login, la_viewer, la_editor, la_records):
    client = login(la_viewer)
    url, data = web_create(kind, la_records, la_editor)
    before = MODELS[kind].objects.count()
    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403
    obj = record_of(kind, la_records)
    edit = f"/{'follow-ups' if kind == 'follow-up' else kind + 's'}/{obj.pk}/edit/"
    assert client.post(edit, {"version": obj.version}).status_code == 403
    delete = edit.replace("/edit/", "/delete/")
    assert client.post(delete, {"version": obj.version}).status_code == 403
    assert MODELS[kind].objects.count() == before


@pytest.mark.parametrize("kind", KINDS)
def test_an_editor_writes_through_the_pages(kind, login, la_editor, la_records):
    url, data = web_create(kind, la_records, la_editor)
    response = login(la_editor).post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    created = MODELS[kind].objects.order_by("-pk").first()
    assert created.office.slug == "la" and created.version == 1


@pytest.mark.parametrize("kind", KINDS)
def test_a_viewer_cannot_write_through_the_api(kind, login, la_viewer, la_records):
    client = login(la_viewer)
    url, payload = api_create(kind, la_records)
    response = client.post(url, payload, content_type="application/json")
    assert response.status_code == 403
    assert "editor" in response.json()["detail"]
    obj = record_of(kind, la_records)
    patch = client.patch(
        f"{url}{obj.pk}", {"version": obj.version}, content_type="application/json"
    )
    assert patch.status_code == 403
    assert client.delete(f"{url}{obj.pk}?version={obj.version}").status_code == 403


@pytest.mark.parametrize("kind", KINDS)
def test_an_editor_writes_through_the_api(kind, login, la_editor, la_records):
    client = login(la_editor)
    url, payload = api_create(kind, la_records)
    response = client.post(url, payload, content_type="application/json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["office"]["slug"] == "la"
    deleted = client.delete(f"{url}{created['id']}?version={created['version']}")
    assert deleted.status_code == 204


@pytest.mark.parametrize("kind", KINDS)
def test_a_viewer_cannot_write_through_the_cli_and_an_editor_can(
    kind, la_viewer, la_editor, la_records, capsys
):
    with pytest.raises(CommandError, match="editor or admin role"):
        call_command(*cli_create(kind, la_records), "--user", "la-viewer")
    with pytest.raises(CommandError, match="--user"):
        call_command(*cli_create(kind, la_records))
    call_command(*cli_create(kind, la_records), "--user", "la-editor")
    assert '"slug": "la"' in capsys.readouterr().out
    obj = record_of(kind, la_records)
    with pytest.raises(CommandError, match="editor or admin role"):
        call_command("delete", kind, str(obj.pk), "--user", "la-viewer")


def test_a_member_of_another_office_cannot_create_records_in_it(login, paris_editor, la_office):
    response = login(paris_editor).post(
        "/api/contacts/", {"office": "la", "name": "Intruder"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"]["office"] == ["No office 'la' that you are a member of."]
    assert not Contact.objects.filter(name="Intruder").exists()


def test_a_user_without_an_office_cannot_write_office_records(reader_client, la_office):
    response = reader_client.post(
        "/api/contacts/", {"office": "la", "name": "X"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert reader_client.get("/contacts/new/").status_code == 403


def test_an_admin_adds_a_member_and_changes_their_role(login, la_admin, reader):
    client = login(la_admin)
    response = client.post("/offices/la/members/add/", {"username": "reader", "role": "viewer"})
    assert response.status_code == 302
    membership = OfficeMembership.objects.get(office__slug="la", user=reader)
    client.post(
        f"/offices/la/members/{membership.pk}/", {"role": "editor", "version": membership.version}
    )
    membership.refresh_from_db()
    assert membership.role == "editor"
    client.post(
        f"/offices/la/members/{membership.pk}/", {"remove": "1", "version": membership.version}
    )
    assert not OfficeMembership.objects.filter(pk=membership.pk).exists()


def test_an_editor_cannot_manage_members(login, la_editor, reader):
    response = login(la_editor).post(
        "/offices/la/members/add/", {"username": "reader", "role": "admin"}
    )
    assert response.status_code == 403
    assert not OfficeMembership.objects.filter(user=reader).exists()


def test_the_last_admin_cannot_be_demoted_or_removed(login, la_admin):
    membership = OfficeMembership.objects.get(user=la_admin)
    client = login(la_admin)
    page = client.post(
        f"/offices/la/members/{membership.pk}/",
        {"role": "viewer", "version": membership.version},
        follow=True,
    )
    assert "at least one admin" in page.content.decode()
    with pytest.raises(CommandError, match="at least one admin"):
        call_command("office", "remove-member", "la", "la-admin")
    assert OfficeMembership.objects.get(pk=membership.pk).role == "admin"


def test_the_first_office_is_created_from_the_command_line(reader, editor, capsys, client):
    call_command(
        "office",
        "create",
        "la-international",
        "Los Angeles Mayor's Office of International Affairs",
        "--city",
        "5368361",
        "--admin",
        "reader",
    )
    call_command("office", "add-member", "la-international", "editor", "--role", "editor")
    out = capsys.readouterr().out
    assert "Created office la-international" in out
    client.force_login(reader)
    offices = client.get("/offices/?format=json").json()
    assert [(o["slug"], o["role"]) for o in offices["results"]] == [("la-international", "admin")]


def test_the_command_line_refuses_bad_offices_with_a_message(reader, la_office):
    with pytest.raises(CommandError, match="already exists"):
        call_command("office", "create", "la", "Again", "--city", "5368361")
    with pytest.raises(CommandError, match="reserved"):
        call_command("office", "create", "new", "New", "--city", "5368361")
    with pytest.raises(CommandError, match="No city with GeoNames id 1"):
        call_command("office", "create", "x", "X", "--city", "1")
    with pytest.raises(CommandError, match="No user 'ghost'"):
        call_command("office", "add-member", "la", "ghost")
    with pytest.raises(CommandError, match="No office 'nowhere'"):
        call_command("office", "add-member", "nowhere", "reader")


def test_a_member_is_added_only_once(la_viewer):
    with pytest.raises(CommandError, match="already a member"):
        call_command("office", "add-member", "la", "la-viewer")


def test_my_offices_needs_a_login(client):
    response = client.get("/offices/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
