"""Two editors who start from the same version: the second save is refused, never merged."""

import pytest

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.agreements.services import agreement_record, agreement_update
from citydiplomacy.core.history.services import EditConflict
from tests.conftest import LONDON, PARIS

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(city, cite, system):
    # A source states it is active (the default is unknown: no source said so).
    return agreement_record(
        city_a=city(PARIS), city_b=city(LONDON), status="active", citations=cite, actor=system
    )


def test_the_second_save_from_the_same_version_is_refused(agreement, system):
    first = Agreement.objects.get(pk=agreement.pk)
    second = Agreement.objects.get(pk=agreement.pk)
    agreement_update(first, actor=system, expected_version=1, status="dormant")
    with pytest.raises(EditConflict) as conflict:
        agreement_update(second, actor=system, expected_version=1, title="Twinning")
    assert conflict.value.change_summary() == [
        {"field": "status", "before": "active", "after": "dormant"}
    ]
    stored = Agreement.objects.get(pk=agreement.pk)
    assert (stored.status, stored.title, stored.version) == ("dormant", "", 2)


def test_the_api_answers_a_conflict_with_409_and_what_changed(agreement, editor_client):
    ok = editor_client.patch(
        f"/api/agreements/{agreement.pk}",
        {"version": 1, "status": "dormant"},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = editor_client.patch(
        f"/api/agreements/{agreement.pk}",
        {"version": 1, "note": "mine"},
        content_type="application/json",
    )
    assert stale.status_code == 409
    body = stale.json()
    assert body["current_version"] == 2
    assert body["changes"] == [{"field": "status", "before": "active", "after": "dormant"}]
    assert "reload" in body["detail"]
    assert Agreement.objects.get(pk=agreement.pk).note == ""


def test_the_api_requires_the_version_being_changed(agreement, editor_client):
    response = editor_client.patch(
        f"/api/agreements/{agreement.pk}", {"status": "dormant"}, content_type="application/json"
    )
    assert response.status_code == 422 and "version" in response.json()["errors"]


def test_the_form_shows_a_conflict_and_keeps_the_other_change(agreement, editor_client, system):
    agreement_update(agreement, actor=system, expected_version=1, status="dormant")
    response = editor_client.post(
        f"/agreements/{agreement.pk}/edit/",
        {"kind": "sister-city", "status": "active", "title": "Mine", "version": 1},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "after you opened it" in html and "status" in html
    stored = Agreement.objects.get(pk=agreement.pk)
    assert (stored.status, stored.title) == ("dormant", "")
