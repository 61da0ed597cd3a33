"""Every picker's options are the search page's matches, in the search page's order, with
what tells namesakes apart and the reason each one matched."""

import pytest

from tests.conftest import SAO_PAULO

pytestmark = pytest.mark.django_db

KOELN = 2886242
MUMBAI = 1275339
LOS_ANGELES = 5368361


def options(client, kind: str, q: str) -> list[dict]:
    response = client.get(f"/search/options/{kind}/", {"q": q})
    assert response.status_code == 200
    return response.json()["results"]


@pytest.mark.parametrize(
    ("typed", "expected", "reason"),
    [
        ("Koeln", KOELN, "alternate name: Koeln"),
        ("Cologne", KOELN, "alternate name: Cologne"),
        ("Bombay", MUMBAI, "alternate name: Bombay"),
        ("Los Angeles", LOS_ANGELES, "name"),
        ("Sao Paulo", SAO_PAULO, "name"),  # accents aside, its own name
    ],
)
def test_the_city_picker_puts_the_city_search_finds_first(client, typed, expected, reason):
    first = options(client, "city", typed)[0]
    assert first["value"] == expected
    assert first["reason"] == reason
    assert first["country"] and first["population"] > 0


def test_the_city_picker_and_the_search_page_give_the_same_cities_in_the_same_order(client):
    picked = [row["value"] for row in options(client, "city", "Los Angeles")]
    searched = client.get("/search/", {"q": "Los Angeles", "format": "json"}).json()["cities"]
    assert picked[: len(searched)] == [row["geonames_id"] for row in searched][: len(picked)]


def test_the_city_picker_names_the_division_of_a_us_city(client):
    first = options(client, "city", "Los Angeles")[0]
    assert first["division"] == "California"
    assert first["label"] == "Los Angeles, California, United States"


def test_search_says_why_luanda_answers_sao_paulo(client):
    cities = client.get("/search/", {"q": "Sao Paulo", "format": "json"}).json()["cities"]
    luanda = next(c for c in cities if c["name"] == "Luanda")
    assert luanda["reason"].startswith("alternate name: ")
    assert "Paulo" in luanda["reason"]


def test_the_organisation_picker_finds_an_acronym_and_says_so(client):
    first = options(client, "organisation", "c40")[0]
    assert first["value"] == "c40"
    assert first["reason"] == "acronym: C40"


def test_the_organisation_picker_is_accent_and_case_blind(client):
    exact = options(client, "organisation", "cities climate")
    assert [row["value"] for row in exact][:1] == ["c40"]


def test_the_person_picker_and_the_search_page_give_the_same_people_in_the_same_order(client):
    picked = [row["value"] for row in options(client, "person", "mich")]
    searched = client.get("/search/", {"q": "mich", "format": "json"}).json()["people"]
    assert picked, "the starter data has mayors named Michael"
    assert picked[: len(searched)] == [row["slug"] for row in searched][: len(picked)]
    assert all(row["detail"] for row in options(client, "person", "mich")), "each says its office"
