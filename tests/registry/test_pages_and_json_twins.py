"""Every page renders as HTML and as JSON with the same numbers, and its API agrees."""

import pytest

pytestmark = pytest.mark.django_db

LISTS = [
    ("/cities/?country=BR", "/api/cities/?country=BR"),
    ("/countries/?region=europe", "/api/countries/?region=europe"),
    ("/organisations/?theme=climate", "/api/organisations/?theme=climate"),
    (
        "/memberships/?organisation=gender-equity-city-network-2020",
        "/api/memberships/?organisation=gender-equity-city-network-2020",
    ),
    ("/agreements/?country=US", "/api/agreements/?country=US"),
    ("/people/?role=mayor", "/api/people/?role=mayor"),
    ("/sources/", "/api/sources/"),
    ("/history/?model=agreements.agreement", "/api/history/?model=agreements.agreement"),
]


@pytest.mark.parametrize(("page", "api"), LISTS)
def test_a_list_page_its_json_twin_and_the_api_agree(client, page, api):
    html = client.get(page)
    twin = client.get(page + "&format=json" if "?" in page else page + "?format=json").json()
    api_data = client.get(api).json()
    assert html.status_code == 200
    assert twin["count"] == api_data["count"] > 0
    assert f"{twin['count']:,} result" in html.content.decode()
    assert len(twin["results"]) == len(api_data["results"])


def test_list_pages_sort_both_ways(client):
    up = client.get("/cities/?country=IS&sort=population&format=json").json()["results"]
    down = client.get("/cities/?country=IS&sort=-population&format=json").json()["results"]
    assert [c["population"] for c in up] == sorted(c["population"] for c in up)
    assert [c["name"] for c in down] == [c["name"] for c in reversed(up)]
    assert down[0]["name"] == "Reykjavík"


def test_list_pages_paginate(client):
    first = client.get("/cities/?country=BR&per_page=10&format=json").json()
    second = client.get("/cities/?country=BR&per_page=10&page=2&format=json").json()
    assert first["pages"] == -(-first["count"] // 10)
    assert {c["geonames_id"] for c in first["results"]}.isdisjoint(
        c["geonames_id"] for c in second["results"]
    )


def test_agreements_filter_by_either_city_and_year(client):
    data = client.get(
        "/agreements/?city=5128581&signed_from=1980&signed_to=1982&format=json"
    ).json()
    assert sorted(a["signed"] for a in data["results"]) == ["1980", "1982"]


def test_a_bad_filter_gets_a_422_that_says_which(client):
    response = client.get("/agreements/?signed_from=soon&format=json")
    assert response.status_code == 422
    assert "signed_from" in response.json()["errors"]
    html = client.get("/agreements/?signed_from=soon")
    assert html.status_code == 422 and "Some filters are not valid" in html.content.decode()


def test_the_home_page_shows_counts_and_the_search_box(client):
    data = client.get("/?format=json").json()
    assert data["counts"]["cities"] > 30000
    assert data["best_connected"][0]["name"] == "New York City"
    html = client.get("/").content.decode()
    assert 'data-testid="search-input"' in html and "34,0" in html


def test_the_type_ahead_suggests_cities_by_any_spelling(client):
    html = client.get(
        "/search/suggest/?q=Sao+Paulo", headers={"HX-Request": "true"}
    ).content.decode()
    assert html.index("São Paulo, Brazil") < html.index("Luanda")
    data = client.get("/search/?q=m%C3%BCnchen&format=json").json()
    assert data["cities"][0]["name"] == "Munich"


def test_search_finds_organisations_and_people(client):
    data = client.get("/search/?q=bloomberg&format=json").json()
    assert [p["name"] for p in data["people"]] == ["Michael Bloomberg"]
    data = client.get("/search/?q=C40&format=json").json()
    assert data["organisations"][0]["slug"] == "c40"


def test_searchable_form_fields_get_their_options(client):
    rows = client.get("/search/options/city/?q=reykjav").json()["results"]
    assert rows[0]["value"] == 3413829 and "Iceland" in rows[0]["label"]
    assert client.get("/search/options/nothing/?q=x").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/people/ed-koch/",
        "/sources/seed-004-stren-friendly-mayors/",
        "/countries/JP/",
        "/agreements/1/",
        "/memberships/1/",
        "/organisations/nope/",
        "/people/nope/",
        "/sources/nope/",
    ],
)
def test_detail_pages_answer_without_server_errors(client, url):
    assert client.get(url).status_code in (200, 404)
    assert client.get(url + "?format=json").status_code in (200, 404)


def test_the_openapi_document_describes_every_entity(client):
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    for path in (
        "/api/agreements/",
        "/api/memberships/",
        "/api/organisations/",
        "/api/people/",
        "/api/terms/",
        "/api/sources/",
        "/api/cities/",
        "/api/countries/",
        "/api/history/",
    ):
        assert path in spec["paths"]
    assert client.get("/api/docs").status_code == 200
