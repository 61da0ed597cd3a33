"""Bad input is refused naming the field through every door: the form, the API, the CLI."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from citydiplomacy.protocol.models import Visit

pytestmark = pytest.mark.django_db


def _payload(days=30, **extra):
    return {
        "office": "la",
        "kind": "dignitary-visit",
        "title": "Minister's visit",
        "starts_on": (timezone.localdate() + dt.timedelta(days=days)).isoformat(),
        "requester_kind": "embassy",
        "requester_name": "Embassy of Quixotia",
        **extra,
    }


def test_the_api_refuses_short_notice_and_a_backwards_visit_with_422_naming_the_field(
    la_editor, login
):
    client = login(la_editor)
    response = client.post("/api/visits/", _payload(days=2), content_type="application/json")
    assert response.status_code == 422 and "starts_on" in response.json()["errors"]
    response = client.post(
        "/api/visits/",
        _payload(ends_on=timezone.localdate().isoformat()),
        content_type="application/json",
    )
    assert response.status_code == 422 and "ends_on" in response.json()["errors"]
    assert not Visit.objects.exists()


def test_the_api_receives_moves_and_debriefs_a_visit(la_editor, login):
    client = login(la_editor)
    created = client.post("/api/visits/", _payload(), content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    for status in ("approved", "scheduled", "held"):
        moved = client.post(
            f"/api/visit-workflow/{pk}/transition",
            {"status": status},
            content_type="application/json",
        )
        assert moved.status_code == 200, moved.content
    refused = client.post(
        f"/api/visit-workflow/{pk}/transition",
        {"status": "approved"},
        content_type="application/json",
    )
    assert refused.status_code == 422 and "status" in refused.json()["errors"]
    done = client.post(
        f"/api/visit-workflow/{pk}/debrief",
        {"debrief": "Port MoU agreed in principle."},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == "debriefed"


def test_the_form_refuses_short_notice_naming_the_first_day(la_editor, login):
    payload = _payload(days=1)
    payload.update(received_on=timezone.localdate().isoformat(), security_level="standard")
    response = login(la_editor).post("/visits/new/", payload)
    assert response.status_code == 400
    form = response.context["form"]
    assert "starts_on" in form.errors and "requires 14" in str(form.errors["starts_on"])


def test_the_form_receives_a_request_and_the_step_form_approves_it(la_editor, login):
    client = login(la_editor)
    payload = _payload()
    payload.update(received_on=timezone.localdate().isoformat(), security_level="standard")
    response = client.post("/visits/new/", payload)
    assert response.status_code == 302, response.context["form"].errors
    visit = Visit.objects.get()
    response = client.post(
        f"/visits/{visit.pk}/step/", {"status": "approved", "version": visit.version}
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == "approved"
    refused = client.post(
        f"/visits/{visit.pk}/step/", {"status": "declined", "version": visit.version}
    )
    assert refused.status_code == 400


def test_the_cli_refuses_an_unknown_currency_naming_the_field(la_editor):
    with pytest.raises(CommandError, match="currency: 'QQQ' is not a known ISO 4217"):
        call_command(
            "add",
            "gift",
            "office=la",
            "given_on=2025-01-01",
            "direction=given",
            "giver=Mayor",
            "recipient=Consul",
            "description=Book",
            "value=10",
            "currency=QQQ",
            "--user",
            "la-editor",
        )


def test_the_cli_moves_a_visit_and_refuses_a_decline_without_reason(visit, la_editor, tmp_path):
    with pytest.raises(CommandError, match="reason: Give the reason for declining"):
        call_command("visit", "step", str(visit.pk), "declined", "--user", "la-editor")
    call_command("visit", "step", str(visit.pk), "approved", "--user", "la-editor")
    visit.refresh_from_db()
    assert visit.status == "approved"
    call_command(
        "visit", "briefing", str(visit.pk), "-o", str(tmp_path / "b.pdf"), "--user", "la-editor"
    )
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF")


def test_the_cli_refuses_an_outsider(visit, paris_editor):
    with pytest.raises(CommandError, match="No visit"):
        call_command("visit", "step", str(visit.pk), "approved", "--user", "paris-editor")
