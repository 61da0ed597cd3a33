"""Twin-city pairs: resolution, one agreement per pair, reports, reruns and refusals."""

import csv
import tempfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.agreements.selectors import agreement_between
from citydiplomacy.core.history.models import ChangeRecord
from citydiplomacy.core.runs.models import Run
from citydiplomacy.geo.models import ProvisionalPlace
from citydiplomacy.geo.resolution.countries import country_hint
from citydiplomacy.site.selectors import registry_counts
from citydiplomacy.sources.models import Citation
from tests.conftest import BERLIN

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "hekman-twincities"
HEADER = "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"
PAIRS = (
    "Wolfsburg,Germany,52.42,10.78,Luton,England,51.88,-0.42\n"
    'Luton,"England, United Kingdom",51.88,-0.42,Wolfsburg,Germany,52.42,10.78\n'
    "Pécs,Hungary,46.07,18.23,Lyon,France,45.76,4.84\n"
    "Springfield,United States,,,Tampere,Finland,61.5,23.76\n"
    "Cook County,United States,41.8,-87.9,Lyon,France,45.76,4.84\n"
    "Xqzwtown,France,,,Lyon,France,45.76,4.84\n"
    "Lyon,Atlantis,,,Pécs,Hungary,46.07,18.23\n"
)


def written_pairs(tmp_path: Path, name: str, *lines: str) -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


def run(path: Path, *args: str, capsys=None) -> list[dict[str, str]]:
    # Beside the test's own files, never beside the shared real data (read-only for tests).
    report = Path(tempfile.mkdtemp(prefix="cd-report-")) / f"{path.stem}.report.csv"
    call_command("import", "twin-cities", str(path), "--report", str(report), *args, verbosity=0)
    with report.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def pairs_file(tmp_path: Path) -> Path:
    path = tmp_path / "pairs.csv"
    path.write_text(HEADER + PAIRS, encoding="utf-8")
    return path


def test_each_row_is_reported_once_with_why(pairs_file):
    lines = run(pairs_file)
    assert [(line["row"], line["status"]) for line in lines] == [
        ("2", "created"),
        ("3", "duplicate"),
        ("4", "created"),
        ("5", "created"),  # Springfield ambiguous, kept on a provisional place
        ("6", "created"),  # Cook County: the name says it is not a city; kept, for review
        ("7", "created"),  # Xqzwtown unmatched; kept
        ("8", "unmatched"),  # an unknown country: no place to keep it on
    ]
    assert [lines[n]["a_status"] for n in (3, 4, 5)] == ["ambiguous", "not-a-city", "unmatched"]
    assert all(lines[n]["a_provisional"] == "yes" for n in (3, 4, 5))
    assert lines[1]["message"] == "same pair as row 2"
    assert "Springfield, US (GeoNames" in lines[3]["a_candidates"]
    assert "unknown country 'Atlantis'" in lines[6]["a_note"]


def test_a_pair_given_both_ways_becomes_one_agreement_citing_both_rows(pairs_file):
    run(pairs_file)
    agreement = agreement_between(2643339, 2806654, "sister-city")  # Luton, Wolfsburg
    assert agreement is not None
    assert sorted(c.locator for c in agreement.citations.all()) == ["row 2", "row 3"]
    assert agreement.stated_only_by_id is None


def test_imported_records_name_their_import_run_and_source(pairs_file):
    run(pairs_file)
    run_record = Run.objects.get()
    assert run_record.status == "succeeded" and run_record.counts["rows"] == 7
    citations = Citation.objects.filter(import_run=run_record)
    assert citations.count() == 6 and {c.source.file_name for c in citations} == {"pairs.csv"}
    changes = ChangeRecord.objects.filter(import_run=run_record, content_type__model="agreement")
    assert changes.count() == 5 and changes.first().via == "import"


def test_importing_the_same_file_again_changes_nothing(pairs_file):
    run(pairs_file)
    counts, changes = registry_counts(), ChangeRecord.objects.count()
    lines = run(pairs_file)
    assert registry_counts() == counts and ChangeRecord.objects.count() == changes
    assert [line["status"] for line in lines][:6] == [
        "unchanged",
        "duplicate",
        "unchanged",
        "unchanged",
        "unchanged",
        "unchanged",
    ]


def test_a_dry_run_writes_nothing(pairs_file, capsys):
    counts = registry_counts()
    call_command("import", "twin-cities", str(pairs_file), "--dry-run", verbosity=0)
    assert "Dry run, nothing written: 7 rows, 5 created" in capsys.readouterr().out
    assert registry_counts() == counts and not Run.objects.exists()


def test_cities_outside_the_loaded_gazetteer_are_added_from_geonames(tmp_path):
    path = tmp_path / "small.csv"
    path.write_text(HEADER + "Ralsko,Czech Republic,,,Pécs,Hungary,,\n", encoding="utf-8")
    run(path)
    agreement = Agreement.objects.get(citations__source__file_name="small.csv")
    small = agreement.partner_of(3046526)  # the other side is Pécs
    assert small.population < 15000 and small.source.key == "geonames-cities500"


@pytest.mark.parametrize(
    ("content", "encoding", "says"),
    [
        (HEADER.replace(",", ";") + PAIRS.replace(",", ";"), "utf-8", "separated by semicolons"),
        ("city1,country1,city2\nLyon,France,Pécs\n", "utf-8", "missing column country2"),
        (HEADER + PAIRS, "utf-16", "not valid utf-8"),
        (HEADER + PAIRS + "Lyon,France,45.7", "utf-8", "may be truncated"),
    ],
)
def test_a_malformed_file_is_refused_and_nothing_is_written(tmp_path, content, encoding, says):
    path = tmp_path / "bad.csv"
    path.write_bytes(content.encode(encoding))
    counts = registry_counts()
    with pytest.raises(CommandError, match=says):
        call_command("import", "twin-cities", str(path), verbosity=0)
    assert registry_counts() == counts and not Run.objects.exists()


@pytest.mark.realdata
@pytest.mark.skipif(not DATA.exists(), reason=f"the public datasets are not at {DATA}")
def test_the_hekman_file_imports_twice_with_identical_counts(tmp_path):
    path = DATA / "app_public_twin_cities.csv"
    with path.open(encoding="utf-8") as handle:
        rows = sum(1 for _ in handle) - 1
    first = run(path, "--ignore-coordinates")
    counts = registry_counts()
    second = run(path, "--ignore-coordinates")
    assert registry_counts() == counts
    assert len(first) == len(second) == rows
    statuses = {line["status"] for line in second}
    assert not statuses & {"created", "merged"}
    # Every tie is kept, on a gazetteer city or a provisional place (a pair whose ends
    # resolve to one city keeps its second end apart); only pairs that name a country the
    # resolver does not know (or are one place even so) are left out.
    written = ("created", "merged", "duplicate")
    left_out = [line for line in first if line["status"] not in written]
    assert (rows - len(left_out)) / rows > 0.998, {line["status"] for line in left_out}
    assert all(
        line["status"] == "invalid"
        or any(
            not line[f"{end}country"] or country_hint(line[f"{end}country"]) is None
            for end in ("a_", "b_")
        )
        for line in left_out
    ), [(line["row"], line["status"], line["a_country"], line["b_country"]) for line in left_out]
    pairs = Agreement.objects.values("city_a", "city_b", "kind").annotate(n=Count("id"))
    assert not pairs.filter(n__gt=1).exists()


def test_a_pair_whose_two_ends_resolve_to_one_city_keeps_its_second_end_apart(tmp_path):
    path = written_pairs(
        tmp_path,
        "same.csv",
        "Berlin,Germany,52.52,13.40,Berlin (Steglitz-Zehlendorf),Germany,52.43,13.24",
        "Paris,France,,,Paris,France,,",
    )
    lines = run(path)
    assert [line["status"] for line in lines] == ["created", "created"]
    assert [(line["b_status"], line["b_provisional"]) for line in lines] == [
        ("ambiguous", "yes"),
        ("ambiguous", "yes"),
    ]
    assert "resolves to the same city as the other end (Berlin, DE)" in lines[0]["b_note"]
    place = ProvisionalPlace.objects.select_related("city").get(
        written_name="Berlin (Steglitz-Zehlendorf)"
    )
    assert [c["geonames_id"] for c in place.candidates] == [BERLIN]
    assert (place.latitude, place.longitude, place.reason) == (52.43, 13.24, "ambiguous")
    assert agreement_between(BERLIN, place.city_id, "sister-city") is not None
    # Importing again reuses the place: nothing is duplicated.
    counts = registry_counts()
    assert [line["status"] for line in run(path)] == ["unchanged", "unchanged"]
    assert registry_counts() == counts and ProvisionalPlace.objects.count() == 2


def test_a_territory_named_without_a_country_is_kept_in_that_territory(tmp_path):
    # Hekman's list twins Portsmouth with "Falkland Islands" and leaves its country empty.
    path = written_pairs(
        tmp_path,
        "territory.csv",
        "Portsmouth,England,50.8,-1.09,Falkland Islands,,-51.7,-57.85",
        "Singapore,,,,Paris,France,,",
    )
    lines = run(path)
    assert [line["status"] for line in lines] == ["created", "created"]
    assert (lines[0]["b_provisional"], lines[0]["b_matched"]) == ("yes", "Falkland Islands, FK")
    assert "the name is a country or territory's" in lines[0]["b_note"]
    place = ProvisionalPlace.objects.select_related("city").get(written_name="Falkland Islands")
    # What the source wrote stays as written: no country; the place lies in FK.
    assert (place.written_country, place.city.country_id) == ("", "FK")
    # A city-state's name finds the city itself.
    assert (lines[1]["a_status"], lines[1]["a_matched"]) == ("matched", "Singapore, SG")
