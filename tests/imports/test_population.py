"""UN WUP 2018 File 12: population series on core cities, reruns, duplicates and refusals."""

import csv
import tempfile
from pathlib import Path

import pytest
import xlrd
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from citydiplomacy.core.history.models import ChangeRecord
from citydiplomacy.core.runs.models import Run
from citydiplomacy.geo.models import PopulationFigure
from citydiplomacy.imports.importers.population import reader as population
from citydiplomacy.imports.importers.population.reader import COLUMNS, WUP_FILE, parse_sheet
from citydiplomacy.imports.tabular import FileRefused
from citydiplomacy.site.selectors import registry_counts
from tests.conftest import NEW_YORK

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "un-wup2018-f12"
MUMBAI = 1275339
YEARS = [1950.0, 2015.0, 2020.0]
# Hand-written rows in the layout of File 12 (made-up figures, in thousands).
AGGLOMERATIONS = [
    [
        1.0,
        840.0,
        "United States of America",
        1.0,
        "New York-Newark",
        "",
        40.71,
        -74.0,
        12000.5,
        18000.25,
        18500.0,
    ],
    [2.0, 356.0, "India", 2.0, "Mumbai (Bombay)", "", 19.07, 72.88, 3000.0, 19000.0, 20000.0],
    [
        3.0,
        840.0,
        "United States of America",
        3.0,
        "New York-Newark",
        "",
        40.8,
        -73.9,
        1.0,
        2.0,
        3.0,
    ],
    [4.0, 250.0, "France", 4.0, "Xqzwville", "", 45.0, 4.0, 500.0, 600.0, 700.0],
    [5.0, 250.0, "France", 5.0, "Lyon", "", 45.76, 4.84, 700.0, "n/a", 900.0],
]


def sheet(rows=AGGLOMERATIONS, header_row=17, years=YEARS):
    filler = [["" for _ in range(len(COLUMNS) + len(years))] for _ in range(header_row - 1)]
    return [*filler, [*COLUMNS, *years], *rows]


@pytest.fixture
def workbook(tmp_path, monkeypatch):
    """A file named like the UN's, whose sheet is `sheet()` (xlwt is not at hand to write .xls)."""
    path = tmp_path / WUP_FILE
    path.write_bytes(b"stands for the workbook")
    rows = {"value": sheet()}
    monkeypatch.setattr(population, "_open_sheet", lambda _path: rows["value"])
    return path, rows


def run(path: Path, *args: str) -> list[dict[str, str]]:
    # Beside the test's own files, never beside the shared real data (read-only for tests).
    report = Path(tempfile.mkdtemp(prefix="cd-report-")) / f"{path.stem}.report.csv"
    call_command("import", "wup-population", str(path), "--report", str(report), *args, verbosity=0)
    with report.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def figures(city_id: int) -> dict[int, PopulationFigure]:
    return {f.year: f for f in PopulationFigure.objects.filter(city_id=city_id)}


def test_each_agglomeration_is_reported_once_and_its_series_lands_on_its_core_city(workbook):
    path, _ = workbook
    lines = run(path)
    assert [(line["row"], line["status"]) for line in lines] == [
        ("18", "created"), ("19", "created"), ("20", "duplicate"), ("21", "created"),
        ("22", "invalid"),
    ]  # fmt: skip
    assert lines[2]["message"].startswith("same city as row 18 (New York-Newark)")
    assert "2015: 'n/a' is not a population" in lines[4]["message"]
    new_york = figures(NEW_YORK)
    assert sorted(new_york) == [1950, 2015, 2020]
    assert new_york[1950].population == 12_000_500 and new_york[2015].population == 18_000_250
    assert [new_york[y].projected for y in (1950, 2015, 2020)] == [False, False, True]
    assert new_york[2015].area_name == "New York-Newark"
    assert new_york[2015].locator == "row 18, City Code 1"
    assert figures(MUMBAI)[2015].population == 19_000_000


def test_an_agglomeration_no_city_matches_is_kept_as_a_place_from_the_file(workbook):
    from citydiplomacy.geo.models import ProvisionalPlace

    path, _ = workbook
    lines = run(path)
    assert lines[3]["city_provisional"] == "yes" and lines[3]["city_status"] == "unmatched"
    review = ProvisionalPlace.objects.select_related("city__source").get()
    place = review.city
    assert (place.name, place.country_id, place.latitude, place.longitude) == (
        "Xqzwville",
        "FR",
        45.0,
        4.0,
    )
    assert place.provisional and review.written_country == "France"
    assert place.source.key == "un-wup2018-f12"  # marked as coming from that file
    assert sorted(figures(place.pk)) == [1950, 2015, 2020]
    assert figures(place.pk)[2020].population == 700_000
    counts = registry_counts()
    run(path)
    assert registry_counts() == counts and ProvisionalPlace.objects.count() == 1


def test_figures_cite_the_wup_dataset_and_their_import_run(workbook):
    path, _ = workbook
    run(path)
    figure = PopulationFigure.objects.get(city_id=NEW_YORK, year=2015)
    source = figure.source
    assert source.key == "un-wup2018-f12" and source.url == "https://population.un.org/wup/"
    assert source.title == "World Urbanization Prospects: The 2018 Revision, File 12"
    assert source.author.startswith("United Nations, Department of Economic and Social Affairs")
    assert "CC BY 3.0 IGO" in source.note
    assert figure.import_run == Run.objects.get()
    changes = ChangeRecord.objects.filter(import_run=figure.import_run, action="create")
    assert changes.filter(content_type__model="populationfigure").count() == 9


def test_importing_the_same_file_again_changes_nothing(workbook):
    path, _ = workbook
    run(path)
    counts, changes = PopulationFigure.objects.count(), ChangeRecord.objects.count()
    lines = run(path)
    assert PopulationFigure.objects.count() == counts and ChangeRecord.objects.count() == changes
    assert [line["status"] for line in lines][:2] == ["unchanged", "unchanged"]


def test_a_changed_figure_is_updated_and_the_change_recorded(workbook):
    path, rows = workbook
    run(path)
    changed = [list(r) for r in AGGLOMERATIONS]
    changed[0][9] = 18100.0
    rows["value"] = sheet(changed)
    lines = run(path)
    assert lines[0]["status"] == "merged" and "0 new, 1 changed" in lines[0]["message"]
    assert figures(NEW_YORK)[2015].population == 18_100_000
    update = ChangeRecord.objects.get(action="update", content_type__model="populationfigure")
    assert update.before["population"] == 18_000_250 and update.after["population"] == 18_100_000


def test_a_dry_run_writes_nothing(workbook, capsys):
    path, _ = workbook
    call_command("import", "wup-population", str(path), "--dry-run", verbosity=0)
    assert "Dry run, nothing written: 5 rows, 3 created" in capsys.readouterr().out
    assert not PopulationFigure.objects.exists() and not Run.objects.exists()


@pytest.mark.parametrize(
    ("rows", "says"),
    [
        (sheet(header_row=17)[:16], "should be on row 17 of sheet 'Data' or near it, but no row"),
        ([*sheet()[:16], ["Index", "Country Code", "Country or area", "City Code"]],
         "row 17 lacks columns Urban Agglomeration, Note, Latitude, Longitude"),
        ([*sheet()[:16], [*COLUMNS, "Population"]], "column 9 of row 17 is 'Population'"),
        ([*sheet()[:16], list(COLUMNS)], "row 17 has no year columns"),
        (sheet(rows=[]), "no agglomerations below the header"),
    ],
)  # fmt: skip
def test_a_sheet_laid_out_otherwise_is_refused_with_a_clear_message(rows, says):
    with pytest.raises(FileRefused, match=says):
        parse_sheet(rows, path=Path("wup.xls"))


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"Index,Country Code,Country or area\n1,4,Afghanistan\n", "not an Excel 97-2003 workbook"),
        ("Index;Urban Agglomeration\n1;Kabul\n".encode("utf-16"), "not an Excel 97-2003 workbook"),
        (b"", "not an Excel 97-2003 workbook"),
    ],
)
def test_a_file_that_is_not_an_xls_workbook_is_refused_and_nothing_is_written(
    tmp_path, content, says
):
    path = tmp_path / "wup.xls"
    path.write_bytes(content)
    counts, figures_before = registry_counts(), PopulationFigure.objects.count()
    with pytest.raises(CommandError, match=says):
        call_command("import", "wup-population", str(path), verbosity=0)
    assert registry_counts() == counts and PopulationFigure.objects.count() == figures_before
    assert not Run.objects.exists()


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import", "wup-population", str(tmp_path / "absent.xls"), verbosity=0)


# --- The real file ----------------------------------------------------------------------------


def _real_rows(path: Path) -> list[list[object]]:
    data = xlrd.open_workbook(str(path)).sheet_by_name("Data")
    return [list(data.row_values(i)) for i in range(17, data.nrows)]


@pytest.mark.realdata
@pytest.mark.skipif(not DATA.exists(), reason=f"the public datasets are not at {DATA}")
def test_a_truncated_workbook_is_refused_and_nothing_is_written(tmp_path):
    path = tmp_path / WUP_FILE
    path.write_bytes((DATA / WUP_FILE).read_bytes()[:200_000])
    with pytest.raises(CommandError, match="workbook"):
        call_command("import", "wup-population", str(path), verbosity=0)
    assert not PopulationFigure.objects.exists() and not Run.objects.exists()


@pytest.mark.realdata
@pytest.mark.skipif(not DATA.exists(), reason=f"the public datasets are not at {DATA}")
def test_the_wup_file_imports_twice_with_identical_counts(client, tmp_path):
    path = DATA / WUP_FILE
    rows = _real_rows(path)
    first = run_real(path, tmp_path / "first.csv")
    counts, changes = PopulationFigure.objects.count(), ChangeRecord.objects.count()
    second = run_real(path, tmp_path / "second.csv")
    assert PopulationFigure.objects.count() == counts and ChangeRecord.objects.count() == changes
    assert len(first) == len(second) == len(rows)
    assert not {line["status"] for line in second} & {"created", "merged"}
    assert [line["status"] for line in first].count("created") / len(rows) > 0.95
    new_york = next(r for r in rows if r[4] == "New York-Newark")
    series = figures(NEW_YORK)
    assert len(series) == 18 and series[2015].population == round(float(new_york[21]) * 1000)
    assert series[2015].area_name == "New York-Newark" and series[2035].projected
    with CaptureQueriesContext(connection) as queries:
        data = client.get(f"/cities/{NEW_YORK}/?format=json").json()
    assert len(queries) == 20  # the profile's pinned count (tests/geo/test_city_profile.py)
    (shown,) = data["population_series"]
    assert shown["source"]["key"] == "un-wup2018-f12" and len(shown["figures"]) == 18
    assert shown["figures"][13] == {
        "year": 2015,
        "population": series[2015].population,
        "projected": False,
    }
    assert "un-wup2018-f12" in {s["key"] for s in data["sources"]}


def run_real(path: Path, report: Path) -> list[dict[str, str]]:
    call_command("import", "wup-population", str(path), "--report", str(report), verbosity=0)
    with report.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_a_revision_with_its_header_a_row_lower_and_in_capitals_is_read():
    rows = sheet(header_row=18)
    rows[17] = [str(cell).upper() if isinstance(cell, str) else cell for cell in rows[17]]
    rows[2][0] = "World Urbanization Prospects: The 2014 Revision"
    found = parse_sheet(rows, path=Path("wup.xls"))
    assert [agg.row for agg in found][:1] == [19]
    assert population.sheet_revision(rows, Path("wup.xls")) == 2014


def test_the_projection_cut_off_is_the_revision_year():
    rows = sheet()
    rows[0][0] = "POP/DB/WUP/Rev.2014/1/F12"
    assert population.sheet_revision(rows, Path("any-name.xls")) == 2014
    assert population.sheet_revision(sheet(), Path(WUP_FILE)) == 2018
    with pytest.raises(FileRefused, match="cannot tell which revision"):
        population.sheet_revision(sheet(), Path("any-name.xls"))
