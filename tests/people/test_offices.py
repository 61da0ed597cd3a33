import pytest
from django.core.exceptions import ValidationError

from citydiplomacy.people.services import office_record, person_create
from tests.conftest import LONDON

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(cite, system):
    return person_create(name="Ada Mayor", citations=cite, actor=system)


def test_a_term_cannot_end_before_it_starts(person, city, cite, system):
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        office_record(
            person=person,
            city=city(LONDON),
            start="2016-05",
            end="2016-04",
            citations=cite,
            actor=system,
        )


def test_an_office_belongs_to_a_city_or_an_organisation(person, cite, system):
    with pytest.raises(ValidationError, match="which city or organisation"):
        office_record(person=person, citations=cite, actor=system)


def test_the_same_term_is_not_recorded_twice(person, city, cite, system):
    office_record(person=person, city=city(LONDON), start="2016", citations=cite, actor=system)
    with pytest.raises(ValidationError, match="already holds this office"):
        office_record(person=person, city=city(LONDON), start="2016", citations=cite, actor=system)


def test_the_api_refuses_a_term_that_ends_before_it_starts(editor_client, person):
    response = editor_client.post(
        "/api/terms/",
        {
            "person": person.slug,
            "city": LONDON,
            "start": "2016",
            "end": "2015",
            "sources": [{"source": "test-fixture"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"end": ["A term cannot end before it starts."]}


def test_a_person_page_lists_their_offices(client):
    data = client.get("/people/patricia-de-lille/?format=json").json()
    offices = {
        (o["role"], (o["city"] or o["organisation"])["name"]) for o in data["person"]["offices"]
    }
    assert offices == {
        ("mayor", "Cape Town"),
        ("chair", "Global Parliament of Mayors"),
        ("vice-president", "World Energy Cities Partnership"),
    }
