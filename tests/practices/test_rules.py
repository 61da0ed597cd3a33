import pytest
from django.core.exceptions import ValidationError

from citydiplomacy.geo.models import Division
from citydiplomacy.practices.models import Adoption
from tests.conftest import LONDON, NEW_YORK, PARIS

pytestmark = pytest.mark.django_db


def test_an_adoption_before_the_origin_year_is_refused_naming_adopted_on(
    make_practice, adopt, city
):
    practice = make_practice(origin_year=1989)
    with pytest.raises(ValidationError) as error:
        adopt(practice, city(PARIS), adopted_on="1985")
    assert "adopted_on" in error.value.message_dict


def test_a_jurisdiction_cannot_borrow_from_itself(make_practice, adopt, city, system):
    practice = make_practice()
    paris = adopt(practice, city(PARIS), adopted_on="1990")
    with pytest.raises(ValidationError) as error:
        adopt(practice, Division.objects.get(code="US-NY"), borrowed_from=paris, adopted_on="1980")
    assert "borrowed_from" in error.value.message_dict  # borrowed from a later adoption
    from citydiplomacy.practices.services import adoption_update

    with pytest.raises(ValidationError) as error:
        adoption_update(paris, actor=system, expected_version=None, borrowed_from=paris)
    assert "itself" in error.value.message_dict["borrowed_from"][0]


def test_a_lineage_cycle_is_refused(make_practice, adopt, city, system):
    from citydiplomacy.practices.services import adoption_update

    practice = make_practice()
    paris = adopt(practice, city(PARIS))
    london = adopt(practice, city(LONDON), borrowed_from=paris)
    new_york = adopt(practice, city(NEW_YORK), borrowed_from=london)
    with pytest.raises(ValidationError) as error:
        adoption_update(paris, actor=system, expected_version=None, borrowed_from=new_york)
    assert "cycle" in error.value.message_dict["borrowed_from"][0]
    assert Adoption.objects.get(pk=paris.pk).borrowed_from_id is None


@pytest.mark.parametrize("grade", [0, 6])
def test_an_evidence_grade_outside_one_to_five_is_refused(make_practice, grade):
    with pytest.raises(ValidationError) as error:
        make_practice(evidence_grade=grade)
    assert "evidence_grade" in error.value.message_dict


def test_an_adopter_is_a_city_or_a_division_not_both(make_practice, adopt, city):
    practice = make_practice()
    with pytest.raises(ValidationError, match="either a city or a division"):
        adopt(practice, city(PARIS), division=Division.objects.get(code="US-NY"))


def test_the_api_refuses_a_bad_grade_with_422_naming_the_field(client, editor, test_source):
    client.force_login(editor)
    response = client.post(
        "/api/practices/",
        {"slug": "x", "title": "X", "evidence_grade": 7, "sources": [{"source": "test-fixture"}]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "evidence_grade" in response.json()["errors"]


def test_the_api_refuses_a_self_borrowing_with_422(client, editor, make_practice, adopt, city):
    practice = make_practice(slug="api-self")
    paris = adopt(practice, city(PARIS))
    client.force_login(editor)
    response = client.patch(
        f"/api/adoptions/{paris.pk}",
        {"version": paris.version, "borrowed_from": paris.pk},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "borrowed_from" in response.json()["errors"]


def test_an_adoption_is_created_through_the_api_by_jurisdiction_key(client, editor, make_practice):
    make_practice(slug="api-create")
    client.force_login(editor)
    response = client.post(
        "/api/adoptions/",
        {
            "practice": "api-create",
            "adopter": "division:US-CA",
            "adopted_on": "2001",
            "sources": [{"source": "test-fixture"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["adopter"]["name"] == "California"
