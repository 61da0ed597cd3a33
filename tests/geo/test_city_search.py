import pytest

from citydiplomacy.geo.selectors import city_search
from tests.conftest import LONDON, MUNICH, NEW_YORK, PARIS, SAO_PAULO

pytestmark = pytest.mark.django_db


def first(query: str, **kwargs) -> int:
    return city_search(query, **kwargs)[0].pk


@pytest.mark.parametrize("query", ["Sao Paulo", "São Paulo", "sao paulo", "SÃO PAULO", "Sao Pau"])
def test_it_finds_sao_paulo_by_any_spelling(query):
    assert first(query) == SAO_PAULO


@pytest.mark.parametrize("query", ["Munich", "München", "Munchen", "Muenchen", "Monaco di Baviera"])
def test_it_finds_munich_by_alternate_names(query):
    assert first(query) == MUNICH


def test_the_big_city_comes_before_its_small_namesake():
    results = city_search("Paris")
    assert results[0].pk == PARIS
    assert {c.country_id for c in results[1:]} & {"US", "CA"}
    assert first("London") == LONDON


def test_an_exact_name_comes_before_a_longer_name_of_a_bigger_city():
    # "Lond" is a prefix of London only, but "Rome" also starts "Romeoville" etc.
    names = [c.name for c in city_search("Rome")]
    assert names[0] == "Rome"


def test_a_word_inside_the_name_is_found_when_few_names_start_with_it():
    assert NEW_YORK in [c.pk for c in city_search("York", limit=20)]


def test_it_searches_names_written_in_other_scripts():
    assert first("Москва") == 524901


def test_it_can_keep_to_one_country():
    assert all(c.country_id == "US" for c in city_search("Paris", country="us"))


def test_an_empty_or_punctuation_query_finds_nothing():
    assert city_search("") == []
    assert city_search(" - ") == []


def test_each_city_appears_once_even_when_several_names_match():
    ids = [c.pk for c in city_search("Sa", limit=10)]
    assert len(ids) == len(set(ids)) == 10
