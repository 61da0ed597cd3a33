"""Practices and adoptions written from the web: the forms, their refusals, the edit check."""

import pytest

from citydiplomacy.core.history.models import ChangeRecord
from citydiplomacy.practices.models import Adoption, Practice
from tests.conftest import BERLIN, PARIS
from tests.practices.conftest import PORTO_ALEGRE

pytestmark = pytest.mark.django_db


def practice_form(**values):
    return {
        "slug": "bike-sharing",
        "title": "Public bike sharing",
        "summary": "Bicycles for hire at docking stations.",
        "origin_city": PARIS,
        "origin_year": 2007,
        "evidence_grade": 3,
        "channel": "unknown",
        "source": "test-fixture",
        **values,
    }


def test_an_editor_creates_a_practice_with_its_source_and_the_change_is_recorded(
    editor_client, test_source
):
    response = editor_client.post("/practices/new/", practice_form())
    assert response.status_code == 302 and response["Location"] == "/practices/bike-sharing/"
    practice = Practice.objects.get(slug="bike-sharing")
    assert (practice.origin_city_id, practice.origin_year, practice.evidence_grade) == (
        PARIS,
        2007,
        3,
    )
    assert [c.source.key for c in practice.citations.all()] == ["test-fixture"]
    assert ChangeRecord.objects.filter(object_id=str(practice.pk), action="create").exists()
    page = editor_client.get("/practices/bike-sharing/").content.decode()
    assert "Record an adoption" in page and "/practices/bike-sharing/edit/" in page


def test_a_practice_with_both_a_city_and_a_division_of_origin_is_refused_on_the_form(
    editor_client, test_source
):
    response = editor_client.post("/practices/new/", practice_form(origin_division="FR-IDF"))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "origin_city" in errors or "origin_division" in errors or "__all__" in errors
    assert not Practice.objects.filter(slug="bike-sharing").exists()


def test_an_adoption_is_recorded_and_one_before_the_origin_year_is_refused(
    editor_client, make_practice
):
    practice = make_practice(slug="pb-web", origin_year=1989)
    url = f"/practices/{practice.slug}/adoptions/new/"
    refused = editor_client.post(
        url, {"city": BERLIN, "adopted_on": "1980", "status": "adopted", "channel": "unknown",
              "source": "test-fixture"},
    )  # fmt: skip
    assert refused.status_code == 400
    assert "adopted_on" in str(refused.context["form"].errors)
    assert not Adoption.objects.filter(practice=practice).exists()
    done = editor_client.post(
        url, {"city": PORTO_ALEGRE, "adopted_on": "1995", "status": "adopted",
              "channel": "unknown", "source": "test-fixture"},
    )  # fmt: skip
    assert done.status_code == 302
    (adoption,) = practice.adoptions.all()
    assert (adoption.city_id, adoption.adopted_on) == (PORTO_ALEGRE, "1995")


def test_an_edit_from_an_old_version_is_a_conflict_not_an_overwrite(editor_client, make_practice):
    practice = make_practice(slug="pb-edit")
    form = {"title": "Participatory budgeting", "version": practice.version,
            "channel": "unknown", "source": "test-fixture"}  # fmt: skip
    assert editor_client.post(f"/practices/{practice.slug}/edit/", form).status_code == 302
    stale = editor_client.post(f"/practices/{practice.slug}/edit/", {**form, "title": "Other"})
    assert stale.status_code in (400, 409)
    practice.refresh_from_db()
    assert practice.title == "Participatory budgeting"


def test_a_reader_cannot_open_the_forms_and_an_anonymous_visitor_is_sent_to_sign_in(
    reader_client, client, make_practice
):
    practice = make_practice(slug="pb-closed")
    for url in ("/practices/new/", f"/practices/{practice.slug}/edit/",
                f"/practices/{practice.slug}/adoptions/new/"):  # fmt: skip
        assert reader_client.get(url).status_code == 403
        assert client.get(url).status_code == 302
    assert (
        "Record an adoption"
        not in reader_client.get(f"/practices/{practice.slug}/").content.decode()
    )


def test_the_division_picker_finds_divisions_by_code_and_by_name(client):
    by_code = client.get("/search/options/division/?q=US-OR").json()["results"]
    assert by_code[0]["value"] == "US-OR"
    by_name = client.get("/search/options/division/?q=Oregon").json()["results"]
    assert "US-OR" in [row["value"] for row in by_name]
