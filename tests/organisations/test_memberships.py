import pytest
from django.core.exceptions import ValidationError

from citydiplomacy.organisations.models import Organisation
from citydiplomacy.organisations.services import membership_record, organisation_create
from tests.conftest import LONDON, NEW_YORK, PARIS

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(cite, system) -> Organisation:
    return organisation_create(
        name="Test Network", kind="city-network", citations=cite, actor=system
    )


def test_an_organisation_gets_a_slug_from_its_acronym_or_name(cite, system):
    org = organisation_create(
        name="Mayors for Peace", kind="city-network", citations=cite, actor=system
    )
    again = organisation_create(
        name="Mayors for Peace", kind="city-network", citations=cite, actor=system
    )
    assert (org.slug, again.slug) == ("mayors-for-peace", "mayors-for-peace-2")


def test_a_membership_cannot_end_before_it_starts(network, city, cite, system):
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        membership_record(
            city=city(PARIS),
            organisation=network,
            joined="2010",
            left="2009",
            citations=cite,
            actor=system,
        )


def test_a_membership_may_end_in_the_year_it_starts(network, city, cite, system):
    membership = membership_record(
        city=city(PARIS),
        organisation=network,
        joined="2010-06-01",
        left="2010",
        citations=cite,
        actor=system,
    )
    assert not membership.is_current


def test_the_same_membership_is_not_recorded_twice(network, city, cite, system):
    membership_record(
        city=city(PARIS), organisation=network, joined="2010", citations=cite, actor=system
    )
    with pytest.raises(ValidationError, match="already has this role"):
        membership_record(
            city=city(PARIS), organisation=network, joined="2010", citations=cite, actor=system
        )


@pytest.mark.parametrize(
    ("values", "field", "says"),
    [
        ({"organisation": "no-such-network"}, "organisation", "No organisation with slug"),
        ({"city": 1}, "city", "No city with GeoNames id 1"),
        ({"joined": "2015", "left": "2014"}, "left", "cannot end before it starts"),
        ({"role": "emperor"}, "role", "not a valid choice"),
    ],
)
def test_the_api_refuses_bad_memberships(editor_client, network, values, field, says):
    payload = {
        "city": LONDON,
        "organisation": network.slug,
        "sources": [{"source": "test-fixture"}],
    }
    response = editor_client.post(
        "/api/memberships/", {**payload, **values}, content_type="application/json"
    )
    assert response.status_code == 422
    assert field in response.json()["errors"] and says in response.json()["detail"]


def test_the_api_refuses_an_organisation_founded_after_it_was_dissolved(editor_client, test_source):
    response = editor_client.post(
        "/api/organisations/",
        {
            "name": "Short-lived",
            "kind": "campaign",
            "founded": "2000",
            "dissolved": "1999",
            "sources": [{"source": "test-fixture"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 422 and "dissolved" in response.json()["errors"]


def test_the_api_creates_an_organisation_with_themes_and_its_secretariat(
    editor_client, test_source
):
    response = editor_client.post(
        "/api/organisations/",
        {
            "name": "Mayors for Peace",
            "kind": "city-network",
            "themes": ["peace", "democracy"],
            "secretariat_city": NEW_YORK,
            "sources": [{"source": "test-fixture"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["slug"] == "mayors-for-peace"
    assert sorted(body["themes"]) == ["democracy", "peace"]
    assert body["secretariat_country"] == "US"


def test_an_unknown_topic_is_refused_with_the_known_ones(editor_client, test_source):
    response = editor_client.post(
        "/api/organisations/",
        {
            "name": "X",
            "kind": "city-network",
            "themes": ["astrology"],
            "sources": [{"source": "test-fixture"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "astrology" in response.json()["detail"] and "climate" in response.json()["detail"]
