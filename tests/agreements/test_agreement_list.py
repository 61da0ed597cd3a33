"""The agreement list filters as people ask: between two countries, several kinds at once, a
city chosen in a picker; it says which side states a one-sided tie; its pages are numbered."""

import pytest

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.agreements.services import agreement_record
from tests.conftest import BERLIN, LONDON, NEW_YORK, PARIS

pytestmark = pytest.mark.django_db

OSAKA = 1853909


@pytest.fixture
def ties(city, cite, system):
    made = [
        agreement_record(city_a=city(NEW_YORK), city_b=city(OSAKA), citations=cite, actor=system),
        agreement_record(
            city_a=city(NEW_YORK),
            city_b=city(LONDON),
            kind="friendship",
            citations=cite,
            actor=system,
        ),
        agreement_record(
            city_a=city(PARIS),
            city_b=city(BERLIN),
            kind="partnership",
            citations=cite,
            actor=system,
        ),
    ]
    return made


def listed(client, **query) -> dict:
    response = client.get("/agreements/", {"format": "json", **query})
    assert response.status_code == 200, response.content
    return response.json()


def pairs(body: dict) -> set[frozenset[str]]:
    return {frozenset((r["city_a"]["country"], r["city_b"]["country"])) for r in body["results"]}


def test_two_countries_give_the_ties_between_them(client, ties):
    body = client.get("/agreements/?format=json&country=US&country=JP").json()
    assert body["count"] >= 1
    assert pairs(body) == {frozenset(("US", "JP"))}
    assert body["filters"]["country"] == ["US", "JP"]


def test_one_country_gives_every_tie_with_a_city_in_it(client, ties):
    body = listed(client, country="JP")
    assert all("JP" in pair for pair in pairs(body))
    assert frozenset(("US", "JP")) in pairs(body)


def test_three_countries_are_refused_naming_the_field(client, ties):
    response = client.get("/agreements/?format=json&country=US&country=JP&country=GB")
    assert response.status_code == 422
    assert "country" in response.json()["errors"]


def test_several_kinds_are_kept_together(client, ties):
    body = client.get("/agreements/?format=json&kind=friendship&kind=partnership").json()
    kinds = {row["kind"] for row in body["results"]}
    assert kinds == {"friendship", "partnership"}


def test_the_api_filters_the_same_way(client, ties):
    page = client.get("/agreements/?format=json&country=US&country=JP").json()
    api = client.get("/api/agreements/?country=US&country=JP").json()
    assert api["count"] == page["count"]


def test_the_city_filter_is_a_picker_showing_the_chosen_city_by_name(client, ties):
    html = client.get("/agreements/", {"city": NEW_YORK}).content.decode()
    assert 'data-options-url="/search/options/city/"' in html
    assert "New York City" in html.split('name="city"')[1].split("</select>")[0]


def test_an_unknown_city_id_is_refused_naming_the_field(client, ties):
    response = client.get("/agreements/", {"format": "json", "city": 999999999})
    assert response.status_code == 422
    assert "city" in response.json()["errors"]


def test_filter_labels_are_written_for_people(client):
    html = client.get("/agreements/").content.decode()
    assert "Signed from (year)" in html
    assert "signed from (year)" not in html


def test_a_one_sided_tie_says_which_city_states_it(client, ties, system):
    # As an import of one-sided Wikidata statements leaves it.
    Agreement.objects.filter(city_a_id=min(NEW_YORK, OSAKA), city_b_id=max(NEW_YORK, OSAKA)).update(
        stated_only_by_id=OSAKA
    )
    html = client.get("/agreements/", {"country": "JP"}).content.decode()
    assert "only Osaka" in html


@pytest.mark.parametrize("per_page", ["0", "501", "-3", "many"])
def test_an_out_of_range_page_size_is_answered_with_422(client, per_page):
    for url in ("/agreements/", "/api/agreements/"):
        response = client.get(url, {"format": "json", "per_page": per_page})
        assert response.status_code == 422
        assert "per_page" in response.json()["errors"]


def test_pages_are_numbered_with_the_first_and_the_last(client):
    html = client.get("/cities/", {"page": 10, "per_page": 25}).content.decode()
    nav = html.split('data-testid="pagination"')[1].split("</nav>")[0]
    assert 'aria-label="First page, 1"' in nav
    assert 'aria-current="page">10<' in nav
    assert "Last page" in nav
    assert "per_page=100" in nav


def test_the_agreement_list_takes_a_bounded_number_of_queries(
    client, ties, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        client.get("/agreements/", {"per_page": 100})
