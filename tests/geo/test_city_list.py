"""Cities can be sorted and filtered by how connected they are: agreements, partner cities
and memberships in force, the same figures on the list page and in the API."""

import pytest

from citydiplomacy.agreements.services import agreement_record
from tests.conftest import BERLIN, LONDON, NEW_YORK, PARIS, TOKYO

pytestmark = pytest.mark.django_db


@pytest.fixture
def berlin_ties(city, cite, system):
    for partner in (LONDON, PARIS, TOKYO):
        agreement_record(city_a=city(BERLIN), city_b=city(partner), citations=cite, actor=system)
    # A second agreement with Paris: one more agreement, not one more partner.
    agreement_record(
        city_a=city(BERLIN), city_b=city(PARIS), kind="friendship", citations=cite, actor=system
    )


def city_row(body: dict, geonames_id: int) -> dict:
    return next(row for row in body["results"] if row["geonames_id"] == geonames_id)


def test_the_city_list_counts_agreements_partners_and_memberships(client, berlin_ties):
    body = client.get("/cities/", {"format": "json", "country": "DE", "sort": "-agreements"}).json()
    berlin = body["results"][0]
    assert berlin["geonames_id"] == BERLIN
    assert berlin["agreements"] >= 4
    assert berlin["partners"] == berlin["agreements"] - 1


def test_the_api_gives_the_same_counts_as_the_page(client, berlin_ties):
    page = client.get("/cities/", {"format": "json", "country": "DE", "sort": "-agreements"}).json()
    api = client.get("/api/cities/", {"country": "DE", "sort": "-agreements"}).json()
    assert city_row(api, BERLIN)["agreements"] == city_row(page, BERLIN)["agreements"]
    assert (
        client.get(f"/api/cities/{BERLIN}").json()["partners"] == city_row(page, BERLIN)["partners"]
    )


def test_cities_can_be_filtered_by_a_least_number_of_agreements(client, berlin_ties):
    body = client.get("/api/cities/", {"min_agreements": 4}).json()
    assert BERLIN in [row["geonames_id"] for row in body["results"]]
    assert all(row["agreements"] >= 4 for row in body["results"])


def test_cities_with_memberships_sort_first_by_their_count(client):
    body = client.get("/api/cities/", {"sort": "-memberships", "per_page": 5}).json()
    counts = [row["memberships"] for row in body["results"]]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 1
    assert NEW_YORK in [row["geonames_id"] for row in body["results"]] or counts[0] >= 1


def test_the_city_list_offers_a_column_choice(client):
    html = client.get("/cities/").content.decode()
    assert 'data-column-chooser="cities"' in html
    assert 'data-column="agreements"' in html


def test_the_city_list_takes_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        client.get("/cities/", {"sort": "-agreements", "per_page": 100})
