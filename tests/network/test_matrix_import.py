"""`citydiplomacy import taylor-matrix`: a researcher's own matrix through the import command."""

import csv
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from citydiplomacy.core import extensions
from citydiplomacy.core.runs.models import Run
from citydiplomacy.sources.models import Source

pytestmark = pytest.mark.django_db
LYON = 2996944

# By hand: r(Lyon,Milan) = 5*2 = 10, r(Lyon,Quux) = 5*1 + 1*4 = 9, r(Milan,Quux) = 2*1 = 2;
# N(Lyon) = 19, N(Milan) = 12, N(Quux) = 11.
MATRIX = "city;firm1;firm2;firm3\nLyon;5;0;1\nMilan;2;3;0\n\nQuuxville-sur-Nowhere;1;0;4,0\n"


def _matrix(tmp_path: Path, text: str = MATRIX) -> Path:
    path = tmp_path / "offices.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _report(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_importer_is_registered_with_its_own_options():
    entry = extensions.importers.get("taylor-matrix")
    assert entry.add_arguments is not None


def test_the_import_reports_each_citys_connectivity_on_its_line_and_stores_nothing(
    tmp_path: Path,
):
    report, output = tmp_path / "report.csv", tmp_path / "ranking.json"
    before = Source.objects.count()
    call_command(
        "import", "taylor-matrix", str(_matrix(tmp_path)), "--report", str(report),
        "--connectivity-output", str(output), verbosity=0,
    )  # fmt: skip
    lines = {line["city"]: line for line in _report(report)}
    assert {name: (line["row"], line["status"], line["connectivity"], line["rank"])
            for name, line in lines.items()} == {
        "Lyon": ("2", "computed", "19.0", "1"),
        "Milan": ("3", "computed", "12.0", "2"),
        "Quuxville-sur-Nowhere": ("5", "computed", "11.0", "3"),
    }  # fmt: skip
    ranking = json.loads(output.read_text())
    assert [(row["city"], row["relative"], row["line"]) for row in ranking] == [
        ("Lyon", 1.0, 2), ("Milan", round(12 / 19, 6), 3), ("Quuxville-sur-Nowhere", 0.578947, 5),
    ]  # fmt: skip
    run = Run.objects.get(kind="taylor-matrix")
    assert run.counts == {"rows": 3, "computed": 3}
    # Only the file's citation record is new: no city, membership or organisation.
    assert Source.objects.count() == before + 1


def test_resolving_names_tells_which_gazetteer_city_each_one_is(tmp_path: Path):
    report, output = tmp_path / "report.csv", tmp_path / "ranking.csv"
    call_command(
        "import", "taylor-matrix", str(_matrix(tmp_path)), "--report", str(report),
        "--resolve-cities", "--connectivity-output", str(output), verbosity=0,
    )  # fmt: skip
    lines = {line["city"]: line for line in _report(report)}
    assert (lines["Lyon"]["gazetteer_status"], lines["Lyon"]["gazetteer_geonames_id"]) == (
        "matched", str(LYON),
    )  # fmt: skip
    quux = lines["Quuxville-sur-Nowhere"]
    assert (quux["status"], quux["gazetteer_status"], quux["gazetteer_geonames_id"]) == (
        "computed", "unmatched", "",
    )  # fmt: skip
    assert _report(output)[0] == {
        "rank": "1", "city": "Lyon", "connectivity": "19.0", "relative": "1.0", "line": "2",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("city,f1,f2\nLyon,1,2\nMilan,9,0\n", "line 3, column 'f1': '9' is outside 0 to 5"),
        ("city,f1,f2\nLyon,1,2\nMilan,1,x\n", "line 3, column 'f2': 'x' is not a number"),
        ("city,f1,f2\nLyon,1,2\nMilan,1\n", "line 3 has 2 fields but the header has 3"),
        ("city,f1\nLyon,1\nLyon,2\n", "line 3: 'Lyon' already appears on line 2"),
        ("city,f1,\nLyon,1,2\n", "header column 3 has no name"),
    ],
)
def test_a_bad_matrix_is_refused_naming_the_line_and_column_and_nothing_is_recorded(
    tmp_path: Path, text: str, message: str
):
    with pytest.raises(CommandError, match=message):
        call_command("import", "taylor-matrix", str(_matrix(tmp_path, text)), verbosity=0)
    assert not Run.objects.filter(kind="taylor-matrix").exists()


def test_an_unwritable_output_is_refused_before_anything_is_computed(tmp_path: Path):
    missing = tmp_path / "nowhere" / "ranking.csv"
    with pytest.raises(CommandError, match=r"--connectivity-output .*does not exist"):
        call_command(
            "import", "taylor-matrix", str(_matrix(tmp_path)),
            "--connectivity-output", str(missing), verbosity=0,
        )  # fmt: skip
    assert not Run.objects.filter(kind="taylor-matrix").exists()
