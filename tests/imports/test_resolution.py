"""Entity resolution: country names, name variants, non-city bodies, namesakes, overrides."""

import pytest

from citydiplomacy.geo.resolution.countries import CountryHint, country_from_m49, country_hint
from citydiplomacy.geo.resolution.index import GazetteerIndex
from citydiplomacy.geo.resolution.overrides import Overrides
from citydiplomacy.geo.resolution.resolver import (
    AMBIGUOUS,
    MATCHED,
    NOT_A_CITY,
    UNMATCHED,
    CityResolver,
    Query,
    name_variants,
    non_city_reason,
)
from citydiplomacy.imports.tabular import FileRefused

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def index(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return GazetteerIndex.build(extract_size=500)


@pytest.fixture
def resolve(index):
    resolver = CityResolver(index, use_coordinates=False)
    return lambda name, country="", **kw: resolver.resolve(Query(name, country, **kw))


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("Georgia (country)", CountryHint("GE")),
        ("the Netherlands", CountryHint("NL")),
        ("People's Republic of China", CountryHint("CN")),
        ("Czechia", CountryHint("CZ")),
        ("Czech Republic", CountryHint("CZ")),
        ("England, United Kingdom", CountryHint("GB", "ENG")),
        ("Scotland", CountryHint("GB", "SCT")),
        ("Ohio, United States", CountryHint("US", "OH")),
        ("Réunion, France", CountryHint("RE")),
        ("Republic of Ireland", CountryHint("IE")),
        ("Kazakhstah", CountryHint("KZ")),
        ("BR", CountryHint("BR")),
    ],
)
def test_country_names_as_sources_write_them_map_to_iso_codes(text, hint):
    assert country_hint(text) == hint


def test_an_unknown_country_name_maps_to_nothing():
    assert country_hint("Atlantis") is None


def test_un_m49_codes_map_to_iso_codes():
    assert (country_from_m49(76), country_from_m49("840")) == ("BR", "US")


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("Montgomery County", "county"),
        ("Göttingen (district)", "district"),
        ("Moscow Oblast", "oblast"),
        ("Province of Rome", "province"),
        ("Communauté de communes du Pays de Gex", "communaut"),
    ],
)
def test_names_of_regions_and_bodies_are_not_cities(name, says):
    assert says in non_city_reason(name)


@pytest.mark.parametrize("name", ["State College", "Oblast Road", "Kreischa", "Burg", "Canton"])
def test_city_names_that_contain_such_words_stay_cities(name):
    assert non_city_reason(name) == ""


def test_districts_are_tried_first_then_the_city_they_belong_to():
    variants = [v for v, _ in name_variants("Liesing (Vienna)")]
    assert variants.index("Liesing") < variants.index("Vienna")
    dashed = [v for v, _ in name_variants("Budapest XXIII \N{EN DASH} Soroksár")]
    assert dashed[:2] == ["Budapest XXIII \N{EN DASH} Soroksár", "Soroksár"]
    assert "Budapest" in dashed


def test_accents_and_alternate_names_resolve(resolve):
    assert resolve("Sao Paulo", "Brazil").place.geonames_id == 3448439
    assert resolve("München", "Germany").place.geonames_id == 2867714
    assert resolve("Munich", "DE").place.geonames_id == 2867714


def test_a_misspelt_name_resolves_by_fuzzy_match_in_its_country(resolve):
    found = resolve("Wolverhamton", "England")
    assert found.status == MATCHED and found.place.name == "Wolverhampton"
    assert found.method.startswith("fuzzy")


def test_namesakes_of_similar_size_are_ambiguous_with_candidates(resolve):
    found = resolve("Springfield", "United States")
    assert found.status == AMBIGUOUS
    assert len(found.candidates) == 5 and all(c.country == "US" for c in found.candidates)


def test_a_division_named_by_the_source_chooses_among_namesakes(resolve):
    found = resolve("Springfield", "Illinois, United States")
    assert (found.status, found.place.admin1) == (MATCHED, "IL")


def test_without_a_country_a_far_namesake_is_not_taken(index):
    resolver = CityResolver(index, use_coordinates=True)
    found = resolver.resolve(Query("Mosca", "", 55.75, 37.62))  # Italian for Moscow
    assert found.status == UNMATCHED and "km from the given coordinates" in found.note


def test_coordinates_choose_the_nearest_namesake(index):
    resolver = CityResolver(index, use_coordinates=True)
    found = resolver.resolve(Query("Springfield", "United States", 42.1, -72.59))
    assert found.place.admin1 == "MA"


def test_the_biggest_namesake_is_taken_only_when_it_clearly_dominates(resolve):
    assert resolve("Paris", "France").place.geonames_id == 2988507


def test_a_district_with_its_city_resolves_to_the_district_near_that_city(resolve):
    found = resolve("Liesing (Vienna)", "Austria")
    assert found.status == MATCHED and found.place.country == "AT"


def test_a_region_is_reported_as_not_a_city(resolve):
    assert resolve("Cook County", "United States").status == NOT_A_CITY


def test_a_name_not_in_the_gazetteer_is_unmatched_with_the_reason(resolve):
    found = resolve("Xqzwtown", "France")
    assert found.status == UNMATCHED and "FR" in found.note


def test_an_override_file_settles_a_name_for_good(index, tmp_path):
    path = tmp_path / "overrides.csv"
    path.write_text(
        "name,country,geonames_id,note\n"
        "Springfield,United States,4250542,the Illinois capital\n"
        "Greater Nowhere,,0,a region\n",
        encoding="utf-8",
    )
    resolver = CityResolver(index, overrides=Overrides.load(path), use_coordinates=False)
    settled = resolver.resolve(Query("Springfield", "US"))
    assert (settled.place.geonames_id, settled.method) == (4250542, "manual override")
    assert resolver.resolve(Query("Greater Nowhere", "Chile")).status == NOT_A_CITY


def test_a_bad_override_file_is_refused_with_its_line(tmp_path):
    path = tmp_path / "overrides.csv"
    path.write_text("name,country,geonames_id\nSpringfield,US,abc\n", encoding="utf-8")
    with pytest.raises(FileRefused, match="line 2: geonames_id 'abc' is not a number"):
        Overrides.load(path)


def test_a_place_in_an_overseas_territory_resolves_under_its_state(resolve):
    found = resolve("Le Lamentin", "France")
    assert (found.status, found.place.country) == (MATCHED, "MQ")
    assert "territory of FR" in found.method


@pytest.mark.parametrize(
    ("name", "country", "town"),
    [
        ("Oadby and Wigston", "England", "Oadby"),  # a borough named after its towns
        ("Mänttä-Vilppula", "Finland", "Mänttä"),  # a merged municipality
        ("Donghae", "South Korea", "Donghae City"),
        ("Dhaka City Corporation", "Bangladesh", "Dhaka"),
    ],
)
def test_longer_and_shorter_forms_of_a_name_resolve_to_the_town(resolve, name, country, town):
    found = resolve(name, country)
    assert (found.status, found.place.name) == (MATCHED, town)


def test_a_word_that_only_begins_a_compound_name_is_not_taken_for_a_town(resolve):
    assert resolve("Petit-Croix", "France").status == UNMATCHED


def test_a_shortened_name_with_several_namesakes_is_ambiguous_not_guessed(resolve):
    found = resolve("Rottenburg am Neckar", "Germany")
    assert found.status == AMBIGUOUS and found.note == "2 places called Rottenburg"
    assert len(found.candidates) == 2
