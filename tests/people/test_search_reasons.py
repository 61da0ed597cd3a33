"""Person search says why each person matched, as city search does: their name as typed,
their name in another spelling (accents dropped, another script transliterated), or an
office they held in the city or organisation searched for. The search page, its JSON twin,
the type-ahead and the person picker's options give the same reasons."""

import pytest

pytestmark = pytest.mark.django_db


def _options(client, text):
    return client.get("/search/options/person/", {"q": text}).json()["results"]


def _searched(client, text):
    return client.get("/search/", {"q": text, "format": "json"}).json()["people"]


def test_a_name_as_typed_is_the_reason_name(client):
    assert [(p["label"], p["reason"]) for p in _options(client, "bloomberg")] == [
        ("Michael Bloomberg", "name")
    ]
    assert [p["reason"] for p in _searched(client, "Bloomberg")] == ["name"]
    page = client.get("/search/", {"q": "bloomberg"}).content.decode()
    assert 'data-testid="match-reason"' not in page.split('data-testid="search-people"')[1]


def test_a_name_found_by_another_spelling_says_how_it_is_written(client):
    reason = "spelling: Gábor Demszky"
    assert [(p["value"], p["reason"]) for p in _options(client, "gabor")] == [
        ("gabor-demszky", reason)
    ]
    assert [p["reason"] for p in _searched(client, "Gabor")] == [reason]
    people = client.get("/search/", {"q": "gabor"}).content.decode()
    people = people.split('data-testid="search-people"')[1].split("</ol>")[0]
    assert "Gábor Demszky" in people and reason in people
    suggested = client.get("/search/suggest/", {"q": "gabor"}, headers={"HX-Request": "true"})
    assert reason in suggested.content.decode()


def test_people_found_through_the_city_of_their_office_say_which_office(client):
    found = {p["value"]: p["reason"] for p in _options(client, "London")}
    assert found["sadiq-khan"].startswith("office: Mayor of London, 2016")
    assert found["ken-livingstone"].startswith("office: Mayor of London")
    searched = {p["slug"]: p["reason"] for p in _searched(client, "london")}
    assert searched == found
    # The city search, accent-blind, finds the place: "reykjavik", Reykjavík's mayor (whose
    # title already names the city, so the summary does not repeat it).
    assert [(p["value"], p["reason"]) for p in _options(client, "reykjavik")] == [
        ("jon-gnarr", "office: Mayor of Reykjavik, 2010\u20132014")
    ]


def test_an_office_in_an_organisation_is_a_reason_too(client):
    found = {p["value"]: p["reason"] for p in _options(client, "C40")}
    assert "C40" in found["michael-bloomberg"] and found["michael-bloomberg"].startswith("office: ")


def test_names_come_before_offices(client):
    # Found by name, Garcetti is not listed again through his offices.
    reasons = [p["reason"] for p in _options(client, "Garcetti")]
    assert reasons == ["name"]
