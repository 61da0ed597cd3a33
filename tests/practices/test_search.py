import pytest

from citydiplomacy.practices.selectors import practice_search
from tests.conftest import PARIS

pytestmark = pytest.mark.django_db


def _slugs(query, **filters):
    return [r["slug"] for r in practice_search(query, **filters)["results"]]


def test_a_practice_is_found_by_a_word_of_its_problem_in_another_case(make_practice):
    make_practice(slug="flood", title="Sponge parks", problem="Flash FLOODING of low streets")
    assert "flood" in _slugs("flooding")
    assert "flood" in _slugs("FLOOD")


def test_search_is_blind_to_accents_both_ways(make_practice):
    make_practice(slug="orcamento", title="Orçamento participativo", problem="Exclusão")
    make_practice(slug="plain", title="Orcamento cidadao", problem="")
    assert set(_slugs("orcamento")) == {"orcamento", "plain"}
    assert set(_slugs("ORÇAMENTO")) == {"orcamento", "plain"}
    assert "orcamento" in _slugs("exclusao")


def test_a_title_match_ranks_above_a_body_match(make_practice):
    make_practice(slug="body", title="Town hall meetings", summary="a bit like budgeting")
    make_practice(slug="title", title="Budgeting with residents")
    found = _slugs("budgeting")
    assert found.index("title") < found.index("body")


def test_adaptation_notes_are_searched_and_facets_count_matches(make_practice, adopt, city):
    practice = make_practice(slug="warn", title="Alert system", evidence_grade=3)
    adopt(practice, city(PARIS), status="piloted", adaptation_notes="Sirens along the Seine")
    result = practice_search("seine")
    assert [r["slug"] for r in result["results"]] == ["warn"]
    assert {
        "value": 3,
        "label": result["facets"]["evidence_grade"][0]["label"],
        "count": 1,
    } in result["facets"]["evidence_grade"]
    assert result["facets"]["status"][0]["value"] == "piloted"
    assert result["facets"]["region"][0]["value"] == "europe"
    assert _slugs("seine", status="adopted") == []
    assert _slugs("seine", region="europe") == ["warn"]


def test_the_starter_practices_are_searchable(db):
    assert _slugs("participatory budgeting")[0] == "participatory-budgeting"
    assert "earthquake-early-warning" in _slugs("earthquake")


def test_the_search_page_answers_in_html_and_json(client):
    response = client.get("/practices/search/?q=participatory+budgeting")
    assert response.status_code == 200 and b"Participatory budgeting" in response.content
    data = client.get("/practices/search/?q=participatory&format=json").json()
    assert data["results"][0]["slug"] == "participatory-budgeting"
