"""Every tie is kept: an end no gazetteer city matches goes on a provisional place, marked as
not yet matched everywhere, and settled once in the review queue for every later import."""

import csv
import tempfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.agreements.selectors import agreement_between
from citydiplomacy.core.history.models import ChangeRecord, Via
from citydiplomacy.core.history.services import Actor
from citydiplomacy.geo.models import (
    PROVISIONAL_ID_START,
    City,
    ProvisionalPlace,
    SettledName,
)
from citydiplomacy.geo.settling import provisional_settle
from citydiplomacy.organisations.models import Membership, Organisation
from citydiplomacy.organisations.services import membership_record
from citydiplomacy.site.selectors import registry_counts
from tests.conftest import PARIS

pytestmark = pytest.mark.django_db
LYON, TAMPERE = 2996944, 634963
HEADER = "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"
ROWS = (
    "Xqzwtown,France,48.1,2.2,Lyon,France,45.76,4.84\n"
    "Springfield,United States,,,Tampere,Finland,61.5,23.76\n"
    "Paris,France,48.86,2.35,Lyon,France,45.76,4.84\n"
)


def run(path: Path, *args: str) -> list[dict[str, str]]:
    # Beside the test's own files, never beside the shared real data (read-only for tests).
    report = Path(tempfile.mkdtemp(prefix="cd-report-")) / f"{path.stem}.report.csv"
    call_command("import", "twin-cities", str(path), "--report", str(report), *args, verbosity=0)
    with report.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def pairs_file(tmp_path: Path) -> Path:
    path = tmp_path / "pairs.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    return path


def place_named(name: str) -> ProvisionalPlace:
    return ProvisionalPlace.objects.select_related("city").get(written_name=name)


def editor_actor(editor) -> Actor:
    # Read afresh, as a request would: the object the fixture made caches its permissions.
    return Actor(via=Via.WEB, user=type(editor).objects.get(pk=editor.pk))


def test_an_unmatched_end_is_kept_on_a_provisional_place_with_the_source_words(pairs_file):
    lines = run(pairs_file)
    assert [line["status"] for line in lines] == ["created", "created", "created"]
    assert lines[0]["a_provisional"] == "yes" and lines[0]["a_status"] == "unmatched"
    review = place_named("Xqzwtown")
    place = review.city
    assert place.provisional and place.pk >= PROVISIONAL_ID_START
    assert (place.name, place.country_id, place.latitude, place.longitude) == (
        "Xqzwtown",
        "FR",
        48.1,
        2.2,
    )
    assert review.reason == "unmatched" and review.written_country == "France"
    assert not review.approximate_point and review.import_run is not None
    assert place.source.file_name == "pairs.csv"
    assert agreement_between(LYON, place.pk, "sister-city") is not None


def test_an_ambiguous_end_keeps_its_candidates_and_an_approximate_point(pairs_file):
    run(pairs_file)
    review = place_named("Springfield")
    assert review.reason == "ambiguous" and review.approximate_point
    assert len(review.candidates) >= 2
    assert all(c["country"] == "US" and c["geonames_id"] for c in review.candidates)
    # No point in the file: shown at the capital (Washington), not at 0, 0.
    assert abs(review.city.latitude - 38.9) < 0.5 and abs(review.city.longitude + 77.0) < 0.5


def test_provisional_places_are_marked_on_pages_api_exports_and_counted_apart(pairs_file, client):
    before = registry_counts()
    run(pairs_file)
    place = place_named("Xqzwtown").city
    counts = registry_counts()
    assert counts["provisional-places"] == 2
    assert counts["cities"] == before["cities"]  # Paris and Lyon were already there
    assert client.get(f"/api/cities/{place.pk}").json()["provisional"] is True
    assert client.get(f"/api/cities/{LYON}").json()["provisional"] is False
    listed = client.get("/cities/?provisional=true&format=json").json()
    assert {row["name"] for row in listed["results"]} == {"Xqzwtown", "Springfield"}
    page = client.get(f"/cities/{place.pk}/").content.decode()
    assert "Not yet matched." in page and "not a GeoNames id" in page
    profile = client.get(f"/cities/{place.pk}/?format=json").json()
    assert profile["review"]["written_name"] == "Xqzwtown"
    assert profile["review"]["reason"] == "unmatched"
    exported = client.get(f"/export/agreements.csv?city={place.pk}")
    raw = b"".join(exported.streaming_content) if exported.streaming else exported.content
    records = list(csv.DictReader(raw.decode().splitlines()))
    assert [(r["city_a_provisional"], r["city_b_provisional"]) for r in records] == [
        ("False", "True")
    ]
    queue = client.get("/cities/review/?format=json&reason=ambiguous").json()
    assert [row["written_name"] for row in queue["results"]] == ["Springfield"]
    assert queue["results"][0]["ties"] == 1
    api = client.get("/api/cities/provisional?country=FR").json()
    assert [row["written_name"] for row in api["results"]] == ["Xqzwtown"]


def test_importing_the_file_again_duplicates_nothing(pairs_file):
    run(pairs_file)
    places, changes = City.objects.filter(provisional=True).count(), ChangeRecord.objects.count()
    lines = run(pairs_file)
    assert City.objects.filter(provisional=True).count() == places == 2
    assert ProvisionalPlace.objects.count() == 2
    assert ChangeRecord.objects.count() == changes
    assert [line["status"] for line in lines] == ["unchanged", "unchanged", "unchanged"]


def test_picking_a_candidate_moves_the_ties_records_it_and_holds_on_reimport(pairs_file, editor):
    run(pairs_file)
    review = place_named("Springfield")
    chosen = review.candidates[0]["geonames_id"]
    place_id = review.city_id
    city = provisional_settle(review, choice=chosen, actor=editor_actor(editor))
    assert city.pk == chosen and not City.objects.filter(pk=place_id).exists()
    assert agreement_between(chosen, TAMPERE, "sister-city") is not None
    settled = SettledName.objects.get()
    assert (settled.country, settled.geonames_id) == ("US", chosen)
    record = ChangeRecord.objects.get(content_type__model="settledname")
    assert record.user_id == editor.pk and record.action == "create"
    lines = run(pairs_file)
    assert lines[1]["status"] == "unchanged"
    assert lines[1]["a_method"] == "settled in the review queue"
    assert not ProvisionalPlace.objects.filter(written_name="Springfield").exists()


def test_a_move_that_would_duplicate_an_agreement_merges_the_citations(pairs_file, editor):
    run(pairs_file)
    review = place_named("Xqzwtown")
    provisional_settle(review, choice=PARIS, actor=editor_actor(editor))
    agreement = agreement_between(LYON, PARIS, "sister-city")
    assert sorted(c.locator for c in agreement.citations.all()) == ["row 2", "row 4"]
    assert Agreement.objects.filter(city_a_id__in=(LYON, PARIS), city_b_id__in=(LYON, PARIS))
    assert (
        Agreement.objects.filter(city_a=LYON, city_b=PARIS).count()
        + Agreement.objects.filter(city_a=PARIS, city_b=LYON).count()
        == 1
    )


def test_memberships_of_a_provisional_place_move_too(pairs_file, editor, cite, system):
    run(pairs_file)
    review = place_named("Xqzwtown")
    c40 = Organisation.objects.get(slug="c40")
    membership_record(city=review.city, organisation=c40, citations=cite, actor=system)
    provisional_settle(review, choice=PARIS, actor=editor_actor(editor))
    assert Membership.objects.filter(city_id=PARIS, organisation=c40).exists()
    assert not Membership.objects.filter(city_id=review.city_id).exists()


def test_confirming_a_new_place_keeps_it_and_later_imports_match_it(pairs_file, editor):
    run(pairs_file)
    review = place_named("Xqzwtown")
    city = provisional_settle(review, choice=None, actor=editor_actor(editor))
    city.refresh_from_db()
    assert city.pk == review.city_id and not city.provisional
    assert SettledName.objects.get().confirmed_new
    lines = run(pairs_file)
    assert lines[0]["status"] == "unchanged" and lines[0]["a_geonames_id"] == str(city.pk)
    assert ProvisionalPlace.objects.filter(state="open").count() == 1  # Springfield


def test_someone_who_is_no_registry_editor_cannot_settle(pairs_file, reader, reader_client):
    run(pairs_file)
    review = place_named("Xqzwtown")
    with pytest.raises(PermissionDenied):
        provisional_settle(review, choice=None, actor=Actor(via=Via.WEB, user=reader))
    page = reader_client.post(f"/cities/review/{review.city_id}/settle/", {"choice": "new"})
    assert page.status_code == 403
    api = reader_client.post(
        f"/api/cities/provisional/{review.city_id}/settle",
        data={"choice": PARIS},
        content_type="application/json",
    )
    assert api.status_code == 403
    assert City.objects.get(pk=review.city_id).provisional and not SettledName.objects.exists()


def test_the_settle_button_of_the_page_settles_for_an_editor(pairs_file, editor_client):
    run(pairs_file)
    review = place_named("Xqzwtown")
    page = editor_client.get("/cities/review/").content.decode()
    assert 'data-testid="confirm-new"' in page and "Xqzwtown" in page
    answer = editor_client.post(f"/cities/review/{review.city_id}/settle/", {"choice": "new"})
    assert answer.status_code == 303
    assert not City.objects.get(pk=review.city_id).provisional
    wrong = place_named("Springfield")
    answer = editor_client.post(f"/cities/review/{wrong.city_id}/settle/", {"other": "12x"})
    assert answer.status_code == 303  # back to the queue with the message, nothing changed
    assert City.objects.get(pk=wrong.city_id).provisional


def test_the_settle_button_sends_back_to_this_site_only(pairs_file, editor_client):
    run(pairs_file)
    review = place_named("Xqzwtown")
    settle = f"/cities/review/{review.city_id}/settle/"
    answer = editor_client.post(settle, {"choice": "new", "next": "//elsewhere.example/"})
    assert answer.status_code == 303 and answer["Location"] == "/cities/review/"


def test_the_api_settles_for_an_editor(pairs_file, editor_client):
    run(pairs_file)
    review = place_named("Springfield")
    chosen = review.candidates[0]["geonames_id"]
    answer = editor_client.post(
        f"/api/cities/provisional/{review.city_id}/settle",
        data={"choice": chosen},
        content_type="application/json",
    )
    assert answer.status_code == 200 and answer.json()["geonames_id"] == chosen
    again = editor_client.post(
        f"/api/cities/provisional/{review.city_id}/settle",
        data={"choice": chosen},
        content_type="application/json",
    )
    assert again.status_code == 404


def test_a_csv_template_row_naming_an_unknown_town_is_kept_and_a_refused_row_leaves_none(
    tmp_path, test_source
):
    from citydiplomacy.imports.csv_templates import TEMPLATES

    columns = TEMPLATES["agreements"].columns

    def row(**values: str) -> str:
        return ",".join(values.get(c, "") for c in columns)

    path = tmp_path / "agreements.csv"
    path.write_text(
        "\n".join(
            [
                ",".join(columns),
                row(city_a="Xqzwburg", country_a="DE", city_b="Lyon", country_b="FR",
                    kind="mou", source="test-fixture"),
                row(city_a="Qxyzdorf", country_a="DE", city_b="Lyon", country_b="FR",
                    kind="mou", source="no-such-source"),
            ]
        ),
        encoding="utf-8",
    )  # fmt: skip
    report = tmp_path / "report.csv"
    call_command("import", "csv-agreements", str(path), "--report", str(report), verbosity=0)
    with report.open(encoding="utf-8") as handle:
        kept, refused = csv.DictReader(handle)
    assert kept["status"] == "created" and kept["city_a_provisional"] == "yes"
    assert refused["status"] == "invalid" and "no-such-source" in refused["message"]
    assert list(ProvisionalPlace.objects.values_list("written_name", flat=True)) == ["Xqzwburg"]
    assert City.objects.filter(provisional=True).count() == 1


def test_a_namesake_far_from_the_source_point_goes_to_review_as_too_far(tmp_path):
    path = tmp_path / "far.csv"
    path.write_text(HEADER + "Tampere,Finland,40.4,-3.7,Lyon,France,45.76,4.84\n")
    (line,) = run(path)
    assert line["status"] == "created" and line["a_provisional"] == "yes"
    review = place_named("Tampere")
    assert review.reason == "too-far"
    assert any(c["geonames_id"] == TAMPERE and c["km"] > 2000 for c in review.candidates)
    assert (review.city.latitude, review.city.longitude) == (40.4, -3.7)
