"""Mayors from Wikidata: people by Wikidata id, terms on resolved cities, reruns and refusals."""

import csv
import tempfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from citydiplomacy.core.history.models import ChangeRecord
from citydiplomacy.core.runs.models import Run
from citydiplomacy.imports.importers.mayors.reader import partial_date, wikidata_id
from citydiplomacy.people.models import OfficeHeld, Person
from citydiplomacy.site.selectors import registry_counts

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "us-mayors-wikidata"
SPRINGFIELD_IL, SPRINGFIELD_MA = 4250542, 4951788
SAN_FRANCISCO, WASHINGTON, BURLINGTON, MINNEAPOLIS = 5391959, 4140963, 5234372, 5037649
ENTITY = "http://www.wikidata.org/entity/"
CORE = "person,personLabel,birthDate,genderLabel,partyLabel,start,end,positionLabel,cityLabel"
# Hand-written terms of made-up people (and one of a starter mayor), as the query gives them.
TERMS = [
    ("Q900001", "Ada Example", "1900-05-02", "Democratic Party", "1950-01-01", "1954-06-30",
     "Mayor of Springfield, Illinois", "Springfield"),
    ("Q900001", "Ada Example", "1900-05-02", "Independent", "1950-01-01", "1954-06-30",
     "Mayor of Springfield, Illinois", "Springfield"),
    ("Q900001", "Ada Example", "1900-05-02", "Democratic Party", "1958-03-04", "1962-01-01",
     "Mayor of Springfield, Illinois", "Springfield"),
    ("Q900002", "Bo Example", "1910-01-01", "Republican Party", "1960-01-01", "1964-01-01",
     "Mayor of Springfield, Massachusetts", "Springfield"),
    ("Q900003", "Cy Example", "1920-02-03", "", "1970-01-01", "1972-01-01",
     "mayor of a place in California", "California"),
    ("Q900004", "Di Example", "1930-03-04", "Democratic Party", "1980-01-08", "1988-01-08",
     "mayor of San Francisco", "City and County of San Francisco"),
    ("Q900005", "Ed Example", "1940-04-05", "", "the fifties", "1960-01-01",
     "Mayor of Boston", "Boston"),
    ("Q359442", "Bernie Sanders", "1941-09-08", "Independent", "1981-04-06", "1989-04-03",
     "Mayor of Burlington, Vermont", "Burlington"),
    ("Q900006", "Fay Example", "1950-05-06", "Democratic Party", "1991-01-02", "1999-01-02",
     "Mayor of the District of Columbia", "District of Columbia"),
    ("Q900007", "Gus Example", "1850-06-07", "Whig Party", "1885-01-01", "1884-01-01",
     "Mayor of Chicago", "Chicago"),
]  # fmt: skip


def _stamp(value: str, core: bool) -> str:
    if len(value) != 10 or not value[:4].isdigit():
        return value
    return f"{value}T00:00:00Z" if core else f"{value} 00:00:00+00:00"


def mayors_file(tmp_path: Path, *, core: bool = False, terms=TERMS) -> Path:
    """The terms in the raw (core) layout or in the cleaned one, with its year columns."""
    lines = [CORE if core else CORE + ",start_year,end_year,birth_year,age_at_start"]
    for qid, name, born, party, start, end, title, city in terms:
        stamps = [_stamp(v, core) for v in (born, start, end)]
        cells = [ENTITY + qid, name, stamps[0], "", party, *stamps[1:], title, city]
        if not core:
            cells += [start[:4], end[:4], born[:4], ""]
        lines.append(",".join(f'"{c}"' if "," in c else c for c in cells))
    path = tmp_path / ("core.csv" if core else "cleaned.csv")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(path: Path, *args: str) -> list[dict[str, str]]:
    # Beside the test's own files, never beside the shared real data (read-only for tests).
    report = Path(tempfile.mkdtemp(prefix="cd-report-")) / f"{path.stem}.report.csv"
    call_command("import", "mayors", str(path), "--report", str(report), *args, verbosity=0)
    with report.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def terms_of(qid: str) -> list[tuple[int, str, str, str]]:
    return [
        (o.city_id, o.start, o.end, o.party)
        for o in OfficeHeld.objects.filter(person__wikidata_id=qid).order_by("start")
    ]


def test_wikidata_timestamps_become_partial_dates():
    assert partial_date("1876-04-11T00:00:00Z") == "1876-04-11"
    assert partial_date("1876-04-11 00:00:00+00:00") == "1876-04-11"
    assert partial_date("1900-01-01T00:00:00Z") == "1900"  # how Wikidata writes a year
    assert partial_date("", "1950") == "1950" and partial_date("") == ""
    with pytest.raises(ValueError, match="not a Wikidata timestamp"):
        partial_date("April 1876")
    assert wikidata_id(ENTITY + "Q60") == "Q60" and wikidata_id("Q60") == "Q60"
    assert wikidata_id("New York") == ""


def test_each_row_is_reported_once_with_why(tmp_path):
    lines = run(mayors_file(tmp_path))
    assert [(line["row"], line["status"]) for line in lines] == [
        ("2", "created"), ("3", "duplicate"), ("4", "created"), ("5", "created"),
        ("6", "not-a-city"), ("7", "created"), ("8", "invalid"), ("9", "merged"),
        ("10", "created"), ("11", "invalid"),
    ]  # fmt: skip
    assert lines[1]["message"] == (
        "same term as row 2; this row says party 'Independent' (row 2: 'Democratic Party')"
    )
    assert "the office names no city" in lines[4]["city_note"]
    assert "start: 'the fifties' is not a Wikidata timestamp" in lines[6]["message"]
    assert "ends (1884) before it starts (1885)" in lines[9]["message"]


def test_terms_land_on_the_city_and_state_the_office_names(tmp_path):
    run(mayors_file(tmp_path))
    ada = Person.objects.get(wikidata_id="Q900001")
    assert ada.name == "Ada Example" and ada.born == "1900-05-02"
    assert terms_of("Q900001") == [
        (SPRINGFIELD_IL, "1950", "1954-06-30", "Democratic Party"),
        (SPRINGFIELD_IL, "1958-03-04", "1962", "Democratic Party"),
    ]
    assert terms_of("Q900002") == [(SPRINGFIELD_MA, "1960", "1964", "Republican Party")]
    assert terms_of("Q900004")[0][0] == SAN_FRANCISCO
    assert terms_of("Q900006")[0][0] == WASHINGTON
    office = OfficeHeld.objects.get(person__wikidata_id="Q900002")
    assert office.title == "Mayor of Springfield, Massachusetts" and office.role == "mayor"
    assert [c.locator for c in office.citations.all()] == ["row 5"]
    assert office.citations.get().import_run == Run.objects.get()


def test_a_mayor_known_without_wikidata_id_is_completed_not_duplicated(tmp_path):
    before = Person.objects.filter(name="Bernie Sanders").count()
    run(mayors_file(tmp_path))
    sanders = Person.objects.get(name="Bernie Sanders")
    assert before == 1 and sanders.wikidata_id == "Q359442" and sanders.born == "1941-09-08"
    (term,) = sanders.offices.filter(city_id=BURLINGTON)
    assert (term.start, term.end, term.party) == ("1981-04-06", "1989-04-03", "Independent")
    keys = [c.source.key for c in term.citations.all()]
    assert len(keys) == 2 and "seed-000-day-city-hall" in keys


def test_both_layouts_give_the_same_terms(tmp_path):
    run(mayors_file(tmp_path, core=True))
    core = {qid: terms_of(qid) for qid in ("Q900001", "Q900002", "Q900004", "Q359442")}
    lines = run(mayors_file(tmp_path))
    assert {qid: terms_of(qid) for qid in core} == core
    # The same terms from a second source: each gains that source's citation.
    assert {line["status"] for line in lines if line["row"] in ("2", "4", "5")} == {"merged"}


def test_importing_the_same_file_again_changes_nothing(tmp_path):
    path = mayors_file(tmp_path)
    run(path)
    counts, changes = registry_counts(), ChangeRecord.objects.count()
    lines = run(path)
    assert registry_counts() == counts and ChangeRecord.objects.count() == changes
    assert {line["status"] for line in lines} == {
        "unchanged",
        "duplicate",
        "not-a-city",
        "invalid",
    }


def test_a_dry_run_writes_nothing(tmp_path, capsys):
    counts = registry_counts()
    call_command("import", "mayors", str(mayors_file(tmp_path)), "--dry-run", verbosity=0)
    assert "Dry run, nothing written: 10 rows, 5 created, 1 merged" in capsys.readouterr().out
    assert registry_counts() == counts and not Run.objects.exists()


@pytest.mark.parametrize(
    ("content", "encoding", "says"),
    [
        (CORE.replace(",", ";") + "\n" + "Q1;A;;;;;;Mayor of X;X\n", "utf-8",
         "separated by semicolons"),
        ("person,personLabel,start,end,cityLabel\nQ1,A,,,X\n", "utf-8",
         "missing columns birthDate, partyLabel, positionLabel"),
        (CORE + "\nQ1,Zoë,,,,,,Mayor of X,X\n", "utf-16", "not valid utf-8"),
        (CORE + "\nQ1,A,,,,,,Mayor of X,X\nQ2,B,,", "utf-8", "may be truncated"),
    ],
)  # fmt: skip
def test_a_malformed_file_is_refused_and_nothing_is_written(tmp_path, content, encoding, says):
    path = tmp_path / "bad.csv"
    path.write_bytes(content.encode(encoding))
    counts = registry_counts()
    with pytest.raises(CommandError, match=says):
        call_command("import", "mayors", str(path), verbosity=0)
    assert registry_counts() == counts and not Run.objects.exists()


@pytest.mark.realdata
@pytest.mark.skipif(not DATA.exists(), reason=f"the public datasets are not at {DATA}")
def test_the_wikidata_mayors_import_twice_with_identical_counts(tmp_path):
    path = DATA / "mayors_cleaned.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    first = run_real(path, tmp_path / "first.csv")
    counts, changes = registry_counts(), ChangeRecord.objects.count()
    second = run_real(path, tmp_path / "second.csv")
    assert registry_counts() == counts and ChangeRecord.objects.count() == changes
    assert len(first) == len(second) == len(rows)
    assert not {line["status"] for line in second} & {"created", "merged"}
    written = sum(line["status"] in ("created", "merged") for line in first)
    assert written / len(rows) > 0.85
    # Every Minneapolis term of the file is there, on its person, from its start.
    expected = {
        (row["person"].rsplit("/", 1)[-1], row["start"][:10])
        for row in rows
        if row["cityLabel"] == "Minneapolis" and row["end"][:10] >= row["start"][:10]
    }
    stored = {
        (o.person.wikidata_id, o.start)
        for o in OfficeHeld.objects.filter(city_id=MINNEAPOLIS).select_related("person")
    }
    for qid, start in expected:
        year_only = start[:4] if start.endswith("-01-01") else start
        assert (qid, year_only) in stored, (qid, start)
    assert len(stored) == len(expected)


def run_real(path: Path, report: Path) -> list[dict[str, str]]:
    call_command("import", "mayors", str(path), "--report", str(report), verbosity=0)
    with report.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))
