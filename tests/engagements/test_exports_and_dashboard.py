"""The office's files (CSV, JSON, calendar) and its dashboard, for its members only."""

import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from citydiplomacy.engagements.services import engagement_create, follow_up_create
from tests.conftest import SECRET_CONTACT, SECRET_ENGAGEMENT, SECRET_FOLLOW_UP

pytestmark = pytest.mark.django_db


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def test_a_member_downloads_the_engagements_as_csv_with_participants(login, la_viewer, la_records):
    rows = list(csv.DictReader(io.StringIO(download(login(la_viewer), "/export/engagements.csv"))))
    assert [(r["title"], r["contacts"], r["staff"], r["topics"]) for r in rows] == [
        (SECRET_ENGAGEMENT, SECRET_CONTACT, "la-editor", "climate")
    ]


def test_engagements_export_as_an_icalendar_file(login, la_viewer, la_records):
    text = download(login(la_viewer), "/export/engagements.ics?office=la")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "DTSTART;VALUE=DATE:20260302\r\n" in text and "DTEND;VALUE=DATE:20260303\r\n" in text
    assert f"SUMMARY:{SECRET_ENGAGEMENT}\r\n" in text
    # The summary's comma and the sentence stop are escaped as RFC 5545 asks.
    assert "DESCRIPTION:Met Zebulon Quaxworth about the port." in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_a_registry_format_that_does_not_fit_an_office_dataset_is_refused(login, la_viewer):
    response = login(la_viewer).get("/export/engagements.geojson")
    assert response.status_code == 400 and "csv, json, ics" in response.json()["detail"]
    assert login(la_viewer).get("/export/agreements.ics").status_code == 400


def test_the_cli_exports_an_offices_engagements_for_one_of_its_members(
    la_records, la_viewer, paris_editor, capsys
):
    call_command(
        "export", "engagements", "--office", "la", "--user", "la-viewer", "--format", "json"
    )
    rows = json.loads(capsys.readouterr().out)
    assert [r["title"] for r in rows] == [SECRET_ENGAGEMENT]
    with pytest.raises(CommandError, match="paris-editor is not a member of an office 'la'"):
        call_command("export", "engagements", "--office", "la", "--user", "paris-editor")
    with pytest.raises(CommandError, match="give --user"):
        call_command("export", "follow-ups", "--office", "la")
    call_command("export", "follow-ups", "--user", "la-viewer", "--filter", "overdue=true")
    assert SECRET_FOLLOW_UP in capsys.readouterr().out


def test_the_dashboard_shows_open_and_overdue_follow_ups_and_upcoming_engagements(
    login, la_office, la_viewer, la_editor, la_records, system
):
    today = timezone.localdate()
    soon = engagement_create(
        office=la_office,
        kind="inbound-delegation",
        title="Seoul delegation",
        starts_on=today + dt.timedelta(days=3),
        actor=system,
    )
    follow_up_create(
        engagement=soon,
        what="Book the hotel",
        owner=la_editor,
        due_on=today + dt.timedelta(days=1),
        actor=system,
    )
    data = login(la_viewer).get("/offices/la/?format=json").json()
    assert data["role"] == "viewer"
    # Other apps' dashboard panels add counts of their own beside the engagement log's.
    assert (
        data["counts"].items()
        >= {
            "engagements": 2,
            "contacts": 1,
            "open_follow_ups": 2,
            "overdue_follow_ups": 1,
        }.items()
    )
    assert [f["what"] for f in data["overdue"]] == [SECRET_FOLLOW_UP]
    assert [f["what"] for f in data["open"]] == ["Book the hotel"]
    assert [e["title"] for e in data["upcoming"]] == ["Seoul delegation"]
    assert [e["title"] for e in data["recent"]] == [SECRET_ENGAGEMENT]
    assert data["partners"]["cities"][0]["name"] == "Tokyo"
    html = login(la_viewer).get("/offices/la/").content.decode()
    assert 'data-testid="new-engagement"' not in html  # viewers do not write
    assert SECRET_FOLLOW_UP in html and "overdue" in html


def test_my_follow_ups_are_the_ones_i_own_in_every_office(login, la_editor, la_records):
    html = login(la_editor).get("/me/follow-ups/").content.decode()
    assert SECRET_FOLLOW_UP in html and "1 result" in html
