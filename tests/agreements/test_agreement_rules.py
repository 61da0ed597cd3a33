"""An agreement's rules hold whichever door it comes through: service, API, web form, CLI."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.agreements.selectors import agreement_between
from citydiplomacy.agreements.services import agreement_record, agreement_update
from tests.conftest import LONDON, NEW_YORK, PARIS, TOKYO

pytestmark = pytest.mark.django_db


def test_the_pair_is_stored_one_way_whatever_order_it_is_given_in(city, cite, system):
    agreement = agreement_record(
        city_a=city(PARIS), city_b=city(LONDON), citations=cite, actor=system
    )
    assert (agreement.city_a_id, agreement.city_b_id) == (LONDON, PARIS)


def test_b_a_is_the_same_agreement_as_a_b(city, cite, system):
    agreement_record(city_a=city(PARIS), city_b=city(LONDON), citations=cite, actor=system)
    with pytest.raises(ValidationError, match="already have an agreement of this kind"):
        agreement_record(city_a=city(LONDON), city_b=city(PARIS), citations=cite, actor=system)
    assert Agreement.objects.filter(city_a=LONDON, city_b=PARIS).count() == 1


def test_the_same_pair_may_have_agreements_of_different_kinds(city, cite, system):
    agreement_record(city_a=city(PARIS), city_b=city(LONDON), citations=cite, actor=system)
    agreement_record(
        city_a=city(LONDON), city_b=city(PARIS), kind="mou", citations=cite, actor=system
    )
    assert Agreement.objects.filter(city_a=LONDON, city_b=PARIS).count() == 2


def test_a_city_cannot_have_an_agreement_with_itself(city, cite, system):
    with pytest.raises(ValidationError, match="with itself"):
        agreement_record(city_a=city(PARIS), city_b=city(PARIS), citations=cite, actor=system)


def test_an_agreement_cannot_end_before_it_was_signed(city, cite, system):
    with pytest.raises(ValidationError, match="end before it was signed"):
        agreement_record(
            city_a=city(PARIS),
            city_b=city(LONDON),
            signed="1990",
            ended="1989",
            status="ended",
            citations=cite,
            actor=system,
        )


def test_an_agreement_with_an_end_date_has_ended(city, cite, system):
    with pytest.raises(ValidationError, match="status 'ended'"):
        agreement_record(
            city_a=city(PARIS),
            city_b=city(LONDON),
            signed="1990",
            ended="2001",
            citations=cite,
            actor=system,
        )


def test_an_agreement_needs_a_source(city, system):
    with pytest.raises(ValidationError, match="where this comes from"):
        agreement_record(city_a=city(PARIS), city_b=city(LONDON), citations=[], actor=system)


def test_an_update_cannot_change_the_cities(city, cite, system):
    agreement = agreement_record(
        city_a=city(PARIS), city_b=city(LONDON), citations=cite, actor=system
    )
    with pytest.raises(ValidationError, match="cannot be changed"):
        agreement_update(agreement, actor=system, expected_version=1, city_b=city(TOKYO))


def _payload(**values):
    return {"city_a": NEW_YORK, "city_b": LONDON, "sources": [{"source": "test-fixture"}], **values}


@pytest.mark.parametrize(
    ("values", "status", "field", "says"),
    [
        ({"city_b": NEW_YORK}, 422, "city_b", "with itself"),
        ({"city_b": 999999999}, 422, "city_b", "No city with GeoNames id 999999999"),
        ({"city_b": "London"}, 422, "city_b", "valid integer"),
        (
            {"signed": "2001", "ended": "1999", "status": "ended"},
            422,
            "ended",
            "before it was signed",
        ),
        ({"signed": "1999-13"}, 422, "signed", "no month 13"),
        ({"kind": "marriage"}, 422, "kind", "not a valid choice"),
        ({"sources": [{"source": "nowhere"}]}, 422, "sources", "No source with key 'nowhere'"),
        ({"sources": []}, 422, "sources", "where this comes from"),
    ],
)
def test_the_api_refuses_bad_input_with_a_readable_4xx(
    editor_client, test_source, values, status, field, says
):
    response = editor_client.post(
        "/api/agreements/", _payload(**values), content_type="application/json"
    )
    assert response.status_code == status
    body = response.json()
    assert field in body["errors"]
    assert says in body["detail"]


def test_the_api_refuses_a_duplicate_entered_the_other_way_round_with_409(
    editor_client, test_source
):
    first = editor_client.post("/api/agreements/", _payload(), content_type="application/json")
    assert first.status_code == 201
    again = editor_client.post(
        "/api/agreements/",
        _payload(city_a=LONDON, city_b=NEW_YORK),
        content_type="application/json",
    )
    assert again.status_code == 409
    assert "already have an agreement" in again.json()["detail"]


def test_the_api_creates_an_agreement_and_returns_it(editor_client, test_source):
    response = editor_client.post(
        "/api/agreements/",
        _payload(signed="1982", title="Twinning"),
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    # London's GeoNames id is the lower one, so it is stored as city A.
    assert body["city_a"]["name"] == "London" and body["city_b"]["geonames_id"] == NEW_YORK
    assert body["signed"] == "1982" and body["version"] == 1
    assert body["sources"][0]["source"]["key"] == "test-fixture"


def test_the_web_form_shows_a_self_agreement_as_a_form_error(editor_client, test_source):
    response = editor_client.post(
        "/agreements/new/",
        {
            "city_a": PARIS,
            "city_b": PARIS,
            "kind": "sister-city",
            "status": "active",
            "source": "test-fixture",
        },
    )
    assert response.status_code == 400
    assert "A city cannot have an agreement with itself." in response.content.decode()
    assert not Agreement.objects.filter(city_a=PARIS).exists()


def test_the_web_form_shows_a_reversed_duplicate_as_a_form_error(
    editor_client, city, cite, system, test_source
):
    agreement_record(city_a=city(PARIS), city_b=city(LONDON), citations=cite, actor=system)
    response = editor_client.post(
        "/agreements/new/",
        {
            "city_a": PARIS,
            "city_b": LONDON,
            "kind": "sister-city",
            "status": "active",
            "source": "test-fixture",
        },
    )
    assert response.status_code == 400
    assert "already have an agreement of this kind" in response.content.decode()


def test_the_web_form_records_an_agreement_with_its_source(editor_client, test_source):
    response = editor_client.post(
        "/agreements/new/",
        {
            "city_a": TOKYO,
            "city_b": PARIS,
            "kind": "friendship",
            "status": "active",
            "signed": "1982",
            "source": "test-fixture",
            "page": "12",
        },
    )
    assert response.status_code == 302
    agreement = agreement_between(PARIS, TOKYO, "friendship")
    assert agreement is not None
    assert response["Location"] == f"/agreements/{agreement.pk}/"
    assert [(c.source.key, c.page) for c in agreement.citations.all()] == [("test-fixture", "12")]


def test_the_cli_refuses_a_self_agreement_with_a_message(test_source):
    with pytest.raises(CommandError, match="city_b: A city cannot have an agreement with itself"):
        call_command(
            "add", "agreement", f"city_a={PARIS}", f"city_b={PARIS}", "--source", "test-fixture"
        )


def test_the_cli_refuses_an_unknown_city(test_source):
    with pytest.raises(CommandError, match="No city with GeoNames id 42"):
        call_command("add", "agreement", f"city_a={PARIS}", "city_b=42", "--source", "test-fixture")
