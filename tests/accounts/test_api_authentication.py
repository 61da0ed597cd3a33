"""Reading is open; writing needs a registry editor, by session (with CSRF) or API token."""

import pytest
from django.core.management import call_command
from django.test import Client

from citydiplomacy.core.accounts.services import token_create, token_revoke
from citydiplomacy.core.history.services import Actor
from citydiplomacy.organisations.models import Organisation

pytestmark = pytest.mark.django_db

NEW_ORG = {
    "name": "Mayors for Peace",
    "kind": "city-network",
    "sources": [{"source": "test-fixture"}],
}


def post(client, headers=None):
    return client.post(
        "/api/organisations/", NEW_ORG, content_type="application/json", headers=headers or {}
    )


def test_anyone_can_read_the_registry(client):
    assert client.get("/api/organisations/").status_code == 200
    assert client.get("/organisations/c40/").status_code == 200


def test_an_anonymous_write_is_refused_with_401(client, test_source):
    response = post(client)
    assert response.status_code == 401
    assert "API token" in response.json()["detail"]
    assert not Organisation.objects.filter(name="Mayors for Peace").exists()


def test_a_signed_in_reader_cannot_write(reader_client, test_source):
    response = post(reader_client)
    assert response.status_code == 403
    assert "registry editor" in response.json()["detail"]


def test_a_registry_editor_can_write(editor_client, test_source):
    assert post(editor_client).status_code == 201


def test_a_session_write_without_the_csrf_token_is_refused(editor, test_source):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = post(client)
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]


def test_a_script_writes_with_an_api_token_and_no_csrf(editor, test_source):
    _, value = token_create(user=editor, name="script", actor=Actor.system("test"))
    client = Client(enforce_csrf_checks=True)
    response = post(client, {"Authorization": f"Bearer {value}"})
    assert response.status_code == 201
    change = client.get("/api/history/?model=organisations.organisation&action=create").json()
    assert change["results"][0]["actor"] == "editor"


def test_a_revoked_token_is_refused(editor, test_source):
    token, value = token_create(user=editor, name="script", actor=Actor.system("test"))
    token_revoke(token, actor=Actor.system("test"))
    response = Client().get("/api/organisations/", headers={"Authorization": f"Bearer {value}"})
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_the_token_command_creates_and_revokes_tokens(editor, capsys):
    call_command("token", "create", "editor", "nightly import")
    value = capsys.readouterr().out.split(": ", 1)[1].split()[0]
    assert (
        Client().get("/api/sources/", headers={"Authorization": f"Bearer {value}"}).status_code
        == 200
    )
    call_command("token", "revoke", str(editor.api_tokens.get().pk))
    assert (
        Client().get("/api/sources/", headers={"Authorization": f"Bearer {value}"}).status_code
        == 401
    )


def test_editing_pages_send_anonymous_visitors_to_log_in(client):
    response = client.get("/organisations/new/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_editing_pages_refuse_readers(reader_client):
    assert reader_client.get("/organisations/new/").status_code == 403


def test_the_first_user_created_from_the_cli_is_an_administrator(monkeypatch):
    from django.contrib.auth.models import User

    User.objects.all().delete()
    monkeypatch.setenv("CITYDIPLOMACY_PASSWORD", "a long enough password 9")
    call_command("createuser", "first")
    call_command("createuser", "second", "--editor")
    call_command("createuser", "third")
    users = {u.username: u for u in User.objects.all()}
    assert users["first"].is_superuser
    assert users["second"].has_perm("registry.edit") and not users["second"].is_superuser
    assert not users["third"].has_perm("registry.edit")


def test_a_weak_password_is_refused_by_the_cli(monkeypatch):
    from django.core.management import CommandError

    monkeypatch.setenv("CITYDIPLOMACY_PASSWORD", "123")
    with pytest.raises(CommandError, match="too short"):
        call_command("createuser", "weak")
