"""Accounts around the offices: the tokens page, the nav, and production settings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from citydiplomacy.core.accounts.models import ApiToken

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def test_a_user_creates_a_token_shown_once_and_revokes_it(login, la_viewer, la_records):
    client = login(la_viewer)
    created = client.post("/accounts/tokens/", {"name": "nightly sync"})
    assert created.status_code == 200 and created["Cache-Control"].startswith("max-age=0")
    value = created.content.decode().split('data-testid="new-token-value">')[1].split("<")[0]
    assert value.startswith("cdp_")
    script = Client(enforce_csrf_checks=True)
    answer = script.get("/api/engagements/", headers={"Authorization": f"Bearer {value}"})
    assert answer.json()["count"] == 1  # the token reads as its user: the office's engagement
    listing = client.get("/accounts/tokens/").content.decode()
    assert "nightly sync" in listing and value not in listing
    token = ApiToken.objects.get(user=la_viewer)
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 302
    revoked = script.get("/api/engagements/", headers={"Authorization": f"Bearer {value}"})
    assert revoked.status_code == 401


def test_nobody_revokes_or_sees_someone_elses_tokens(login, la_viewer, la_editor, client):
    login(la_viewer).post("/accounts/tokens/", {"name": "mine"})
    token = ApiToken.objects.get(user=la_viewer)
    assert login(la_editor).post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert "mine" not in login(la_editor).get("/accounts/tokens/").content.decode()
    assert client.get("/accounts/tokens/").status_code == 302
    # Token records are nobody's to browse in the public change history.
    assert client.get("/api/history/?model=accounts.apitoken").json()["count"] == 0
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_a_token_without_a_name_is_refused_with_a_message(login, la_viewer):
    response = login(la_viewer).post("/accounts/tokens/", {"name": ""})
    assert response.status_code == 400 and "This field is required." in response.content.decode()


def test_signed_in_users_find_their_offices_follow_ups_and_tokens_in_the_nav(login, la_viewer):
    html = login(la_viewer).get("/").content.decode()
    for link in ('href="/offices/"', 'href="/me/follow-ups/"', 'href="/accounts/tokens/"'):
        assert link in html
    assert 'href="/offices/"' not in Client().get("/").content.decode()


def test_production_settings_pass_the_deployment_checks(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS")
    }
    env.update(
        CITYDIPLOMACY_PRODUCTION="1",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="registry.example.org",
        CITYDIPLOMACY_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="citydiplomacy.settings",
    )
    result = subprocess.run(
        [sys.executable, "-m", "citydiplomacy.cli", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
