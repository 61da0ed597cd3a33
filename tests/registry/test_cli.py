"""The CLI writes through the API's checks and records who made each change."""

import json

import pytest
from django.core.management import CommandError, call_command

from citydiplomacy.core.history.models import ChangeRecord
from citydiplomacy.organisations.models import Membership
from tests.conftest import SAO_PAULO

pytestmark = pytest.mark.django_db


def test_add_edit_show_and_delete_a_membership(capsys, editor, test_source):
    call_command(
        "add",
        "membership",
        f"city={SAO_PAULO}",
        "organisation=c40",
        "joined=2005",
        "--source",
        "test-fixture",
        "--locator",
        "row 3",
        "--user",
        "editor",
    )
    created = json.loads(capsys.readouterr().out)
    assert created["city"]["name"] == "São Paulo" and created["joined"] == "2005"
    call_command("edit", "membership", str(created["id"]), "role=steering-committee")
    edited = json.loads(capsys.readouterr().out)
    assert edited["role"] == "steering-committee" and edited["version"] == 2
    call_command("show", "membership", str(created["id"]))
    assert json.loads(capsys.readouterr().out)["version"] == 2
    call_command("delete", "membership", str(created["id"]))
    assert not Membership.objects.filter(pk=created["id"]).exists()
    actions = ChangeRecord.objects.filter(
        content_type__model="membership", object_id=str(created["id"])
    ).order_by("id")
    assert [(c.action, c.via, c.user_id is not None) for c in actions] == [
        ("create", "cli", True),
        ("update", "cli", False),
        ("delete", "cli", False),
    ]


def test_list_fields_take_comma_separated_values(capsys, test_source):
    call_command(
        "add",
        "organisation",
        "name=Mayors for Peace",
        "kind=city-network",
        "themes=peace,democracy",
        "--source",
        "test-fixture",
    )
    assert sorted(json.loads(capsys.readouterr().out)["themes"]) == ["democracy", "peace"]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["add", "membership", "city=3448439", "organisation=c40"], "where this comes from"),
        (["add", "membership", "city", "--source", "test-fixture"], "write fields as name=value"),
        (["add", "membership", "colour=red", "--source", "test-fixture"], "Unknown field 'colour'"),
        (
            ["add", "membership", "city=abc", "organisation=c40", "--source", "test-fixture"],
            "valid integer",
        ),
        (["edit", "agreement", "999999", "status=ended"], "No agreement '999999'"),
        (["delete", "organisation", "c40"], "cannot be deleted"),
        (
            ["add", "person", "name=X", "--source", "test-fixture", "--user", "ghost"],
            "No user 'ghost'",
        ),
    ],
)
def test_bad_commands_get_a_clear_message(test_source, args, says):
    with pytest.raises(CommandError, match=says):
        call_command(*args)


def test_stats_print_counts_as_json(capsys):
    call_command("stats", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["agreements"] == 5
    assert data["best_connected"][0]["geonames_id"] == 5128581
