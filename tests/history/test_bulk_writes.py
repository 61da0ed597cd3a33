"""Bulk writes validate every record as a single write would, and record what they wrote."""

import csv
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command

from citydiplomacy.agreements.bulk import AgreementWriter
from citydiplomacy.agreements.models import Agreement
from citydiplomacy.core.history.bulk_validation import BulkRefused
from citydiplomacy.core.history.models import ChangeRecord
from citydiplomacy.core.history.services import bulk_create_recorded, bulk_update_recorded
from citydiplomacy.geo.models import City
from citydiplomacy.sources.models import Citation
from tests.conftest import BERLIN, LONDON, MUNICH, PARIS

pytestmark = pytest.mark.django_db


def test_a_record_breaking_its_clean_rule_stops_the_whole_bulk_write(city, system):
    good = Agreement(city_a=city(PARIS), city_b=city(LONDON), kind="mou")
    bad = Agreement(city_a=city(BERLIN), city_b=city(MUNICH), ended="1990", status="active")
    counts = Agreement.objects.count(), ChangeRecord.objects.count()
    with pytest.raises(BulkRefused) as refused:
        bulk_create_recorded([good, bad], actor=system)
    assert "status" in refused.value.refusals[0].errors
    assert (Agreement.objects.count(), ChangeRecord.objects.count()) == counts


def test_a_partial_bulk_write_writes_the_valid_records_with_their_change_records(city, system):
    good = Agreement(city_a=city(LONDON), city_b=city(PARIS), kind="mou")  # in the wrong order
    bad = Agreement(city_a=city(BERLIN), city_b=city(BERLIN), kind="mou")
    result = bulk_create_recorded([good, bad], actor=system, partial=True)
    assert [r.obj for r in result.refused] == [bad]
    assert "itself" in result.refused[0].message()
    (stored,) = Agreement.objects.filter(kind="mou")
    assert (stored.city_a_id, stored.city_b_id) == (min(LONDON, PARIS), max(LONDON, PARIS))
    assert stored.version == 1 and stored.status == "unknown"
    record = ChangeRecord.objects.get(content_type__model="agreement", object_id=str(stored.pk))
    assert record.action == "create"


def test_a_duplicate_of_a_stored_record_or_of_an_earlier_one_in_the_batch_is_refused(city, system):
    kind = "mou"
    bulk_create_recorded(
        [Agreement(city_a=city(PARIS), city_b=city(LONDON), kind=kind)], actor=system
    )
    again = Agreement(city_a=city(LONDON), city_b=city(PARIS), kind=kind)
    first = Agreement(city_a=city(BERLIN), city_b=city(MUNICH), kind=kind)
    twice = Agreement(city_a=city(MUNICH), city_b=city(BERLIN), kind=kind)
    result = bulk_create_recorded([again, first, twice], actor=system, partial=True)
    assert [r.obj for r in result.refused] == [again, twice]
    assert "already have an agreement" in result.refused[0].message()
    assert Agreement.objects.filter(kind=kind).count() == 2


def test_a_foreign_key_to_a_missing_row_is_refused_in_one_query(
    city, system, django_assert_max_num_queries
):
    objs = [Agreement(city_a_id=PARIS, city_b_id=3990000000 + i, kind="mou") for i in range(50)]
    city(PARIS)
    with django_assert_max_num_queries(6):
        result = bulk_create_recorded(objs, actor=system, partial=True)
    assert len(result.refused) == 50 and "No city with id" in result.refused[0].message()


def test_a_bulk_update_validates_and_bumps_the_version(city, system):
    paris, london = city(PARIS), city(LONDON)
    stored = City.objects.get(pk=PARIS)
    after = City.objects.get(pk=PARIS)
    after.wikidata_id = "Q90"
    taken = City.objects.get(pk=LONDON)
    clash = City.objects.get(pk=LONDON)
    clash.wikidata_id = "Q90"
    result = bulk_update_recorded(
        [(stored, after), (taken, clash)], actor=system, fields=["wikidata_id"], partial=True
    )
    assert [r.obj for r in result.refused] == [clash]
    paris.refresh_from_db()
    london.refresh_from_db()
    assert paris.wikidata_id == "Q90" and paris.version == stored.version + 1
    assert london.wikidata_id == ""


def test_the_agreement_writer_cites_every_row_with_the_name_as_written(city, system, test_source):
    city(PARIS), city(LONDON)
    writer = AgreementWriter(system, test_source, kind="mou")
    writer.add(LONDON, PARIS, row=2, as_written="London (Greater London)")
    writer.add(PARIS, LONDON, row=3, as_written="Paris, Ile-de-France")
    assert writer.flush() == {(min(PARIS, LONDON), max(PARIS, LONDON)): "created"}
    citations = Citation.objects.filter(source=test_source).order_by("locator")
    assert [(c.locator, c.as_written) for c in citations] == [
        ("row 2", "London (Greater London)"),
        ("row 3", "Paris, Ile-de-France"),
    ]


def _dump_with_a_place_off_the_globe(tmp_path: Path) -> Path:
    path = tmp_path / "FR.zip"
    columns = [
        "990000001", "Bourg-Imaginaire", "Bourg-Imaginaire", "", "95.0", "4.7", "P", "PPL",
        "FR", "", "84", "69", "", "", "320", "", "250", "Europe/Paris", "2024-01-01",
    ]  # fmt: skip
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("FR.txt", "\t".join(columns) + "\n")
    return path


def test_an_import_row_breaking_a_model_rule_is_refused_with_its_line_and_nothing_of_it_written(
    tmp_path,
):
    pairs = tmp_path / "pairs.csv"
    pairs.write_text(
        "city1,country1,city2,country2\n"
        "Paris,France,London,United Kingdom\n"
        "Bourg-Imaginaire,France,Lyon,France\n",
        encoding="utf-8",
    )
    report = tmp_path / "report.csv"
    before = Agreement.objects.count()
    call_command(
        "import", "twin-cities", str(pairs), "--report", str(report),
        "--geonames-file", str(_dump_with_a_place_off_the_globe(tmp_path)), verbosity=0,
    )  # fmt: skip
    with report.open(encoding="utf-8") as handle:
        lines = {int(line["row"]): line for line in csv.DictReader(handle)}
    assert lines[3]["status"] == "refused"
    assert "990000001" in lines[3]["message"]
    assert lines[2]["status"] in ("created", "merged", "unchanged")
    assert not City.objects.filter(pk=990000001).exists()
    assert Agreement.objects.count() <= before + 1  # Paris-London at most
