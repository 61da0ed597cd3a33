"""The resolver reads what sources write: country codes of every ISO form, divisions after a
comma or in their own column, far namesakes sent to review, clean not-a-city notes."""

import pytest
from django.test import override_settings

from citydiplomacy.geo.resolution.countries import (
    CountryHint,
    country_hint,
    country_named,
    division_code,
)
from citydiplomacy.geo.resolution.index import GazetteerIndex
from citydiplomacy.geo.resolution.resolver import (
    AMBIGUOUS,
    MATCHED,
    CityResolver,
    Query,
    non_city_reason,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def index(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return GazetteerIndex.build(extract_size=500)


@pytest.mark.parametrize(
    ("text", "iso2"),
    [("DEU", "DE"), ("fra", "FR"), ("USA", "US"), ("276", "DE"), ("036", "AU"), ("36", "AU")],
)
def test_three_letter_and_numeric_iso_codes_name_their_country(text, iso2):
    assert country_hint(text) == CountryHint(iso2)


def test_divisions_are_read_by_code_or_by_name():
    assert division_code("US", "OR") == "OR"
    assert division_code("US", "Illinois") == "IL"
    assert division_code("CH", "Bern") == "BE"  # ISO writes "Berne"
    assert division_code("CH", "Aargau") == "AG"
    assert division_code("CH", "Atlantis") == ""


def test_a_state_after_a_comma_chooses_among_namesakes(index):
    resolver = CityResolver(index, use_coordinates=False)
    found = resolver.resolve(Query("Portland, OR", "US"))
    assert found.status == MATCHED and found.place.admin1 == "OR"
    other = resolver.resolve(Query("Portland, ME", "United States"))
    assert other.status == MATCHED and other.place.admin1 == "ME"
    assert resolver.resolve(Query("Springfield, Illinois", "USA")).place.admin1 == "IL"


def test_a_canton_after_a_comma_chooses_among_namesakes(index):
    resolver = CityResolver(index, use_coordinates=False)
    found = resolver.resolve(Query("Lengnau, Bern", "Switzerland"))
    assert found.status == MATCHED and found.place.admin1 == "BE"
    # The gazetteer (cities500) has no Lengnau in Aargau: the Bernese one is not taken.
    other = resolver.resolve(Query("Lengnau, Aargau", "CHE"))
    assert other.status == AMBIGUOUS and "Aargau" in other.note


def test_a_division_in_its_own_column_chooses_among_namesakes(index):
    resolver = CityResolver(index, use_coordinates=False)
    found = resolver.resolve(Query("Springfield", "US", division="Missouri"))
    assert found.status == MATCHED and found.place.admin1 == "MO"


def test_a_lone_namesake_far_from_the_given_point_goes_to_review(index):
    resolver = CityResolver(index, use_coordinates=True)
    paris = resolver.resolve(Query("Paris", "FR"))
    # A point about 500 km south-west of Paris, near Bordeaux.
    far = resolver.resolve(Query("Lyon", "FR", latitude=44.84, longitude=-0.58))
    assert paris.status == MATCHED
    assert far.status == AMBIGUOUS and far.candidates[0].name == "Lyon"
    assert "km from the source's point" in far.note


def test_the_distance_limit_is_a_setting(index):
    with override_settings(MATCH_MAX_KM=1000):
        resolver = CityResolver(index, use_coordinates=True)
        found = resolver.resolve(Query("Lyon", "FR", latitude=44.84, longitude=-0.58))
    assert found.status == MATCHED


@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("Lombardy region", "region"),
        ("Essex County", "county"),
        ("Province of Rome", "province of"),
    ],
)
def test_not_a_city_notes_name_the_word_whole(name, word):
    assert non_city_reason(name) == f"the name says it is not a city ({word})"


def test_a_district_matched_to_its_city_is_flagged_via_district(index):
    resolver = CityResolver(index, use_coordinates=False)
    found = resolver.resolve(Query("Steglitz-Zehlendorf (Berlin)", "DE"))
    assert found.status == MATCHED and found.place.name == "Berlin"
    assert found.via_district
    assert not resolver.resolve(Query("Berlin", "DE")).via_district


def test_a_name_that_is_a_country_gives_the_country_when_none_is_written(index):
    resolver = CityResolver(index, use_coordinates=False)
    assert country_named("American Samoa") == "AS" and country_named("Springfield") is None
    found = resolver.resolve(Query("Monaco"))
    assert found.status == MATCHED and found.place.country == "MC"
    # A written country is never replaced by one read from the name.
    written = resolver.resolve(Query("Luxembourg", "BE"))
    assert written.place is None and "the name is a country" not in written.note
