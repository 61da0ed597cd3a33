"""Every write leaves a change record: who, when, through which door, values before and after."""

import pytest
from django.core.management import call_command

from citydiplomacy.agreements.services import agreement_delete, agreement_record, agreement_update
from citydiplomacy.core.history.models import ChangeRecord
from tests.conftest import LONDON, PARIS

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(city, cite, system):
    # A source states it is active (the default is unknown: no source said so).
    return agreement_record(
        city_a=city(PARIS), city_b=city(LONDON), status="active", citations=cite, actor=system
    )


def history(obj):
    return list(
        ChangeRecord.objects.filter(
            content_type__model=obj._meta.model_name, object_id=str(obj.pk)
        ).order_by("id")
    )


def test_a_creation_records_the_values_and_sources(agreement):
    (record,) = history(agreement)
    assert record.action == "create" and record.version == 1
    assert record.before is None
    assert record.after["status"] == "active"
    assert record.after["citations"] == ["test-fixture (test)"]


def test_an_update_records_only_what_changed_with_before_and_after(agreement, system):
    agreement_update(agreement, actor=system, expected_version=1, status="dormant", signed="1958")
    record = history(agreement)[-1]
    assert record.action == "update" and record.version == 2
    assert record.changed_fields() == [
        {"field": "signed", "before": "", "after": "1958"},
        {"field": "status", "before": "active", "after": "dormant"},
    ]


def test_saving_identical_values_records_nothing_and_keeps_the_version(agreement, system):
    agreement_update(agreement, actor=system, expected_version=1, status="active")
    agreement.refresh_from_db()
    assert agreement.version == 1 and len(history(agreement)) == 1


def test_a_deletion_keeps_the_last_values(agreement, system):
    pk = agreement.pk
    agreement_delete(agreement, actor=system, expected_version=1)
    record = ChangeRecord.objects.filter(content_type__model="agreement", object_id=str(pk)).first()
    assert record.action == "delete" and record.after is None
    assert record.before["city_a_id"] == LONDON


def test_changes_through_the_form_the_api_and_the_cli_each_name_their_author(
    agreement, editor_client, other_editor, client, test_source
):
    editor_client.post(
        f"/agreements/{agreement.pk}/edit/",
        {"kind": "sister-city", "status": "dormant", "version": 1},
    )
    client.force_login(other_editor)
    api = client.patch(
        f"/api/agreements/{agreement.pk}",
        {"version": 2, "title": "Pact"},
        content_type="application/json",
    )
    assert api.status_code == 200, api.json()
    call_command("edit", "agreement", str(agreement.pk), "note=checked", "--user", "editor")
    page = client.get(f"/history/agreements.agreement/{agreement.pk}/?format=json").json()
    authors = [(c["actor"], c["via"], [f["field"] for f in c["changes"]]) for c in page["changes"]]
    assert authors[:3] == [
        ("editor (command line)", "cli", ["note"]),
        ("other-editor", "api", ["title"]),
        ("editor", "web", ["status"]),
    ]


def test_the_history_page_lists_each_change(agreement, client, system):
    agreement_update(agreement, actor=system, expected_version=1, status="dormant")
    html = client.get(f"/history/agreements.agreement/{agreement.pk}/").content.decode()
    assert html.count('data-testid="change"') == 2
    assert "dormant" in html


def test_the_history_of_a_deleted_record_remains_readable(agreement, client, system):
    pk = agreement.pk
    agreement_delete(agreement, actor=system, expected_version=1)
    html = client.get(f"/history/agreements.agreement/{pk}/").content.decode()
    assert "has been deleted" in html


def test_an_unknown_kind_of_record_has_no_history_page(client):
    assert client.get("/history/nothing.here/1/").status_code == 404
