"""The gifts register (threshold, totals, CSV) and the order of precedence of participants."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from citydiplomacy.core.history.models import ChangeRecord
from citydiplomacy.protocol.models import Gift
from citydiplomacy.protocol.precedence import in_precedence
from citydiplomacy.protocol.services import (
    gift_create,
    participant_create,
    participant_update,
    programme_item_create,
    rules_of,
    rules_set,
)
from tests.protocol.conftest import at

pytestmark = pytest.mark.django_db


def _gift(office, actor, **extra):
    values = {
        "given_on": dt.date(2025, 3, 1),
        "direction": "received",
        "giver": "Quillerton delegation",
        "recipient": "Mayor",
        "description": "Carved paddle",
        "value": Decimal("80"),
        "currency": "EUR",
        **extra,
    }
    return gift_create(office=office, actor=actor, **values)


def test_a_negative_value_and_an_unknown_currency_are_refused_naming_the_field(
    la_office, editor_actor
):
    with pytest.raises(ValidationError) as refused:
        _gift(la_office, editor_actor, value=Decimal("-5"))
    assert "value" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        _gift(la_office, editor_actor, currency="XYZ")
    assert "currency" in refused.value.error_dict
    assert not Gift.objects.exists()


def test_gifts_above_the_offices_threshold_are_flagged_until_declared(
    la_office, editor_actor, admin_actor, login, la_viewer
):
    rules_set(la_office, actor=admin_actor, gift_threshold=Decimal("150"), gift_currency="USD")
    big = _gift(la_office, editor_actor, value=Decimal("400"), currency="usd")
    _gift(la_office, editor_actor, value=Decimal("20"), currency="USD")
    _gift(la_office, editor_actor, value=None, currency="")
    rules = rules_of(la_office)
    assert big.currency == "USD" and big.must_declare(rules) is True
    data = login(la_viewer).get("/gifts/?format=json").json()
    assert [r["flagged"] for r in data["results"]].count(True) == 1
    assert data["undeclared_above_threshold"] == 1
    big.declared = True
    big.save()
    data = login(la_viewer).get("/gifts/?format=json").json()
    assert data["undeclared_above_threshold"] == 0


def test_the_register_totals_each_year_and_currency_separately(
    la_office, editor_actor, login, la_viewer
):
    _gift(la_office, editor_actor, value=Decimal("80"))
    _gift(la_office, editor_actor, value=Decimal("20.50"), given_on=dt.date(2025, 7, 1))
    _gift(la_office, editor_actor, value=Decimal("1000"), currency="JPY")
    _gift(la_office, editor_actor, value=Decimal("5"), given_on=dt.date(2024, 1, 1))
    totals = login(la_viewer).get("/gifts/?format=json").json()["totals"]
    by_key = {(t["year"], t["currency"]): (t["count"], t["total"]) for t in totals}
    assert by_key[(2025, "EUR")] == (2, "100.50")
    assert by_key[(2025, "JPY")] == (1, "1000.00")
    assert by_key[(2024, "EUR")] == (1, "5.00")


def test_the_register_exports_as_csv_with_every_field_and_safe_cells(
    la_office, editor_actor, login, la_viewer
):
    _gift(la_office, editor_actor, description="=HYPERLINK(evil)", value=Decimal("500"))
    response = login(la_viewer).get("/export/gifts.csv?direction=received")
    assert response.status_code == 200
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.DictReader(io.StringIO(raw.decode())))
    assert rows[0]["description"].startswith("'=")
    assert (rows[0]["value"], rows[0]["currency"], rows[0]["must_declare"]) == (
        "500.00",
        "EUR",
        "yes",
    )
    # Every field the register holds (the bookkeeping ones aside), the date under "date".
    from citydiplomacy.protocol.models import Gift

    held = {f.name for f in Gift._meta.concrete_fields} - {"version", "created_at", "updated_at"}
    assert held - {"given_on"} <= set(rows[0]) and rows[0]["date"]
    assert (rows[0]["declared"], rows[0]["visit"], rows[0]["office"]) == ("no", "", "la")


def test_the_api_refuses_a_bad_gift_with_422_naming_the_field(la_editor, login):
    client = login(la_editor)
    body = {
        "office": "la",
        "given_on": "2025-01-01",
        "direction": "given",
        "giver": "Mayor",
        "recipient": "Consul",
        "description": "Book",
        "value": "-1",
        "currency": "EUR",
    }
    response = client.post("/api/gifts/", body, content_type="application/json")
    assert response.status_code == 422 and "value" in response.json()["errors"]
    body.update(value="10", currency="QQQ")
    response = client.post("/api/gifts/", body, content_type="application/json")
    assert response.status_code == 422 and "currency" in response.json()["errors"]
    body.update(currency="eur")
    response = client.post("/api/gifts/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["currency"] == "EUR"


def test_the_form_refuses_a_bad_gift_naming_the_field(la_editor, login):
    response = login(la_editor).post(
        "/gifts/new/",
        {
            "office": "la",
            "given_on": "2025-01-01",
            "direction": "given",
            "giver": "Mayor",
            "recipient": "Consul",
            "description": "Book",
            "value": "10",
            "currency": "ZZZ",
            "disposition": "pending",
        },
    )
    assert response.status_code == 400
    assert "not a known ISO 4217" in response.content.decode()


def test_participants_follow_the_offices_ranks_then_heads_of_mission_by_date_of_taking_up_post(
    visit, editor_actor
):
    item = programme_item_create(
        visit=visit,
        title="Reception",
        starts_at=at(visit.starts_on, 18),
        ends_at=at(visit.starts_on, 20),
        actor=editor_actor,
    )

    def add(name, rank, since=None):
        return participant_create(
            item=item,
            name=name,
            rank=rank,
            head_of_mission=since is not None,
            took_up_post_on=since,
            actor=editor_actor,
        )

    add("Consul Late", "Consul General", dt.date(2024, 5, 1))
    add("Deputy Mayor Ruiz", "deputy mayor")
    add("Ambassador Early", "Ambassador", dt.date(2019, 2, 1))
    add("Ambassador Later", "Ambassador", dt.date(2022, 9, 1))
    add("Mayor Bass", "Mayor")
    add("Consul Early", "Consul General", dt.date(2015, 3, 1))
    ranks = rules_of(visit.office_id).ranks
    names = [p.name for p in in_precedence(list(item.participants.all()), ranks)]
    assert names == [
        "Mayor Bass",
        "Ambassador Early",
        "Ambassador Later",
        "Deputy Mayor Ruiz",
        "Consul Early",
        "Consul Late",
    ]


def test_a_manual_override_needs_its_reason_and_is_recorded(visit, editor_actor):
    item = programme_item_create(
        visit=visit,
        title="Lunch",
        starts_at=at(visit.starts_on, 12),
        ends_at=at(visit.starts_on, 13),
        actor=editor_actor,
    )
    first = participant_create(item=item, name="Mayor Bass", rank="Mayor", actor=editor_actor)
    guest = participant_create(item=item, name="Dr Honoured", rank="", actor=editor_actor)
    with pytest.raises(ValidationError) as refused:
        participant_update(guest, position=1, actor=editor_actor, expected_version=guest.version)
    assert "override_reason" in refused.value.error_dict
    guest.refresh_from_db()
    participant_update(
        guest,
        position=1,
        override_reason="Guest of honour",
        actor=editor_actor,
        expected_version=guest.version,
    )
    ranks = rules_of(visit.office_id).ranks
    assert [p.name for p in in_precedence([first, guest], ranks)] == ["Dr Honoured", "Mayor Bass"]
    change = ChangeRecord.objects.filter(
        content_type__model="participant", object_id=str(guest.pk), action="update"
    ).get()
    assert change.after["override_reason"] == "Guest of honour"
    with pytest.raises(ValidationError) as refused:
        participant_create(item=item, name="X", rank="Grand Vizier", actor=editor_actor)
    assert "rank" in refused.value.error_dict
