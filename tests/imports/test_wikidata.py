"""Wikidata twinning (P190) results: formats, one-sided ties, Wikidata ids, reruns, refusals."""

import csv
import json
import tempfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.agreements.selectors import agreement_between
from citydiplomacy.core.history.models import ChangeRecord
from citydiplomacy.core.runs.models import Run
from citydiplomacy.geo.models import City
from citydiplomacy.site.selectors import registry_counts
from citydiplomacy.sources.models import Citation

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "wikidata-p190-ursino"
E = "http://www.wikidata.org/entity/"
VILNIUS, TORONTO, MADRID, BRUSSELS = 593116, 6167865, 3117735, 2800866
HEADER = (
    "city,cityLabel,city_population,city_coordinate_location,"
    "sister,sisterLabel,sister_population,sister_coordinate_location\n"
)
# Hand-written statements (labels and coordinates rounded, made up where it does not matter).
ENDS = {
    "Q216": ("Vilnius", "580000", "Point(25.28 54.69)"),
    "Q172": ("Toronto", "2790000", "Point(-79.39 43.67)"),
    "Q2807": ("Madrid", "3300000", "Point(-3.70 40.42)"),
    "Q239": ("Town of Bruxelles", "185000", "Point(4.35 50.85)"),
    "Q1754": ("Stockhollm", "980000", "Point(18.07 59.33)"),
    "Q176": ("Quebec", "8100000", "Point(-72 52)"),
    "Q122723": ("prefettura di Osaka", "8800000", "Point(135.52 34.69)"),
}
STATEMENTS = [
    ("Q216", "Q172"),  # row 2
    ("Q216", "Q172"),  # row 3: the same statement again (another coordinate, say)
    ("Q172", "Q216"),  # row 4: the reverse: stated on both sides
    ("Q216", "Q2807"),  # row 5: one-sided
    ("Q2807", "Q239"),  # row 6: a label GeoNames does not have for Brussels
    ("Q216", "Q176"),  # row 7: the province of Quebec, not Québec City
    ("Q2807", "Q122723"),  # row 8: a prefecture
    ("Q216", "Q216"),  # row 9: twinned with itself
    ("Q2807", "Q1754"),  # row 10: a misspelt label
]


def csv_line(a: str, b: str, point_a: str = "") -> str:
    (la, pa, ca), (lb, pb, cb) = ENDS[a], ENDS[b]
    return f'{E}{a},{la},{pa},"{point_a or ca}",{E}{b},{lb},{pb},"{cb}"\n'


def csv_text() -> str:
    lines = [csv_line(a, b) for a, b in STATEMENTS]
    lines[1] = csv_line("Q216", "Q172", point_a="Point(25.2797 54.6872)")
    return HEADER + "".join(lines)


def binding(a: str, b: str) -> dict[str, dict[str, str]]:
    values: dict[str, dict[str, str]] = {}
    for end, qid in (("city", a), ("sister", b)):
        label, population, point = ENDS[qid]
        values[end] = {"type": "uri", "value": E + qid}
        values[f"{end}Label"] = {"type": "literal", "xml:lang": "en", "value": label}
        values[f"{end}_population"] = {"type": "literal", "value": population}
        values[f"{end}_coordinate_location"] = {"type": "literal", "value": point}
    return values


def run(path: Path, *args: str) -> list[dict[str, str]]:
    # Beside the test's own files, never beside the shared real data (read-only for tests).
    report = Path(tempfile.mkdtemp(prefix="cd-report-")) / f"{path.stem}.report.csv"
    call_command(
        "import", "wikidata-twinning", str(path), "--report", str(report), *args, verbosity=0
    )
    with report.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def statements_file(tmp_path: Path) -> Path:
    path = tmp_path / "p190.csv"
    path.write_text(csv_text(), encoding="utf-8")
    return path


def test_each_row_is_reported_once_with_why(statements_file):
    lines = run(statements_file, "--gazetteer", "15000")
    assert [(line["row"], line["status"]) for line in lines] == [
        ("2", "created"),
        ("3", "duplicate"),
        ("4", "duplicate"),
        ("5", "created"),
        ("6", "created"),
        ("7", "created"),  # the province of Quebec: kept on a provisional place, for review
        ("8", "created"),  # a prefecture: kept likewise
        ("9", "invalid"),
        ("10", "created"),
    ]
    assert [(lines[n]["b_status"], lines[n]["b_provisional"]) for n in (5, 6)] == [
        ("unmatched", "yes"),
        ("not-a-city", "yes"),
    ]
    assert lines[0]["message"] == "stated on both sides"
    assert lines[1]["message"] == "repeats row 2 (Q216 -> Q172)"
    assert lines[2]["message"] == "reverse of row 2: the tie is stated on both sides"
    assert lines[3]["message"] == "one-sided: stated by Q216 only"
    assert lines[4]["b_matched"] == "Brussels, BE"
    assert lines[4]["b_method"].startswith("a place with this name 0 km from Wikidata's")
    assert "Québec, CA" in lines[5]["b_note"] and "region" in lines[5]["b_note"]
    assert "prefettura" in lines[6]["b_note"]
    assert lines[7]["message"] == "the item is twinned with itself"
    assert lines[8]["b_matched"] == "Stockholm, SE"
    assert lines[8]["b_method"].startswith("the nearest place with a similar name")


def test_a_tie_stated_on_one_side_only_is_kept_and_marked(statements_file):
    run(statements_file, "--gazetteer", "15000")
    both = agreement_between(VILNIUS, TORONTO, "sister-city")
    one = agreement_between(VILNIUS, MADRID, "sister-city")
    assert both is not None and both.stated_only_by_id is None
    assert one is not None and one.stated_only_by_id == VILNIUS
    assert sorted(c.locator for c in both.citations.all()) == [
        "row 2: Q216 -> Q172",
        "row 4: Q172 -> Q216",
    ]


def test_wikidata_ids_are_stored_on_the_cities_with_a_change_record(statements_file):
    run(statements_file, "--gazetteer", "15000")
    assert City.objects.get(pk=VILNIUS).wikidata_id == "Q216"
    assert City.objects.get(pk=BRUSSELS).wikidata_id == "Q239"
    change = ChangeRecord.objects.filter(
        content_type__model="city", object_id=str(VILNIUS), import_run__isnull=False
    ).get()
    assert change.before["wikidata_id"] == "" and change.after["wikidata_id"] == "Q216"


def test_a_city_that_has_another_wikidata_id_keeps_it_and_the_row_says_so(statements_file):
    City.objects.filter(pk=TORONTO).update(wikidata_id="Q999172")
    lines = run(statements_file, "--gazetteer", "15000")
    assert City.objects.get(pk=TORONTO).wikidata_id == "Q999172"
    assert "Q172 not stored: Toronto, CA keeps its Wikidata id Q999172" in lines[0]["message"]
    assert agreement_between(VILNIUS, TORONTO, "sister-city") is not None


def test_a_registry_city_with_the_wikidata_id_is_taken_whatever_the_label(tmp_path):
    City.objects.filter(pk=VILNIUS).update(wikidata_id="Q216")
    path = tmp_path / "renamed.csv"
    path.write_text(
        HEADER + csv_line("Q216", "Q172").replace(",Vilnius,", ",Wilno,"), encoding="utf-8"
    )
    lines = run(path, "--gazetteer", "15000")
    assert lines[0]["a_matched"] == "Vilnius, LT" and lines[0]["a_method"] == "Wikidata id"


def test_importing_the_same_file_again_changes_nothing(statements_file):
    first = run(statements_file, "--gazetteer", "15000")
    counts, changes = registry_counts(), ChangeRecord.objects.count()
    second = run(statements_file, "--gazetteer", "15000")
    assert registry_counts() == counts and ChangeRecord.objects.count() == changes
    assert [line["status"] for line in second] == [
        "unchanged" if line["status"] == "created" else line["status"] for line in first
    ]


def test_the_sparql_json_and_tsv_results_read_like_the_csv(tmp_path, statements_file):
    dry = ("--dry-run", "--gazetteer", "15000")
    expected = [(line["row"], line["status"]) for line in run(statements_file, *dry)]
    as_json = tmp_path / "p190.json"
    variables = HEADER.strip().split(",")
    bindings = [binding(a, b) for a, b in STATEMENTS]
    as_json.write_text(json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}))
    assert [(line["row"], line["status"]) for line in run(as_json, *dry)] == [
        (str(int(row) - 1), status) for row, status in expected
    ]
    as_tsv = tmp_path / "p190.tsv"
    rows = ["\t".join(f"?{v}" for v in variables)]
    for b in bindings:
        rows.append(
            "\t".join(
                f"<{b[v]['value']}>" if b[v]["type"] == "uri" else f'"{b[v]["value"]}"@en'
                for v in variables
            )
        )
    as_tsv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert [(line["row"], line["status"]) for line in run(as_tsv, *dry)] == expected


def test_an_export_of_undirected_pairs_says_nothing_about_one_sidedness(tmp_path, statements_file):
    run(statements_file, "--gazetteer", "15000")
    export = tmp_path / "export.json"
    cities = {
        q: {"label": ENDS[q][0], "lat": lat, "lon": lon, "pop": 1, "degree": 1}
        for q, lat, lon in (("Q216", 54.69, 25.28), ("Q2807", 40.42, -3.7), ("Q172", 43.67, -79.39))
    }
    export.write_text(json.dumps({"cities": cities, "sisters": [["Q2807", "Q216"]]}))
    lines = run(export, "--gazetteer", "15000")
    assert [(line["row"], line["status"]) for line in lines] == [("1", "merged")]
    one = agreement_between(VILNIUS, MADRID, "sister-city")
    assert one is not None and one.stated_only_by_id == VILNIUS
    assert "pair 1: Q2807 - Q216" in {c.locator for c in one.citations.all()}


@pytest.mark.parametrize(
    ("name", "content", "encoding", "says"),
    [
        ("semi.csv", csv_text().replace(",", ";"), "utf-8", "separated by semicolons"),
        ("tabs.csv", csv_text().replace(",", "\t"), "utf-8", "separated by tabs"),
        ("cols.csv", csv_text().replace("sisterLabel", "sister_label"), "utf-8", "sisterLabel"),
        ("enc.csv", csv_text().replace("Madrid", "Madríd"), "latin-1", "not valid utf-8"),
        ("cut.csv", csv_text()[:-40], "utf-8", "may be truncated"),
        ("quote.csv", csv_text()[:-15], "utf-8", "may be truncated"),
        (
            "cut.json",
            '{"head": {"vars": ["city"]}, "results": {"bindings": [',
            "utf-8",
            "truncated",
        ),
        (
            "vars.json",
            '{"head": {"vars": ["city"]}, "results": {"bindings": []}}',
            "utf-8",
            "sister",
        ),
        ("other.json", '{"rows": []}', "utf-8", "must be a SPARQL result"),
        ("empty.csv", "", "utf-8", "empty"),
    ],
)
def test_a_malformed_file_is_refused_and_nothing_is_written(
    tmp_path, name, content, encoding, says
):
    path = tmp_path / name
    path.write_bytes(content.encode(encoding))
    counts = registry_counts()
    with pytest.raises(CommandError, match=says):
        call_command("import", "wikidata-twinning", str(path), verbosity=0)
    assert registry_counts() == counts and not Run.objects.exists()


def directed_pairs(path: Path) -> tuple[int, set[tuple[str, str]]]:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return len(rows), {(r["city"].rsplit("/", 1)[1], r["sister"].rsplit("/", 1)[1]) for r in rows}


@pytest.mark.realdata
@pytest.mark.skipif(not DATA.exists(), reason=f"the public datasets are not at {DATA}")
def test_the_p190_query_result_imports_twice_with_identical_counts():
    path = DATA / "query_p190_2021-11-12.csv"
    rows, directed = directed_pairs(path)
    # The README's facts: 15,229 rows, 10,802 distinct directed pairs, 3,701 of them stated
    # in both directions (a self-twinned item counts once, so 1,850 ties are reciprocal).
    reciprocal = {tuple(sorted(p)) for p in directed if p[::-1] in directed and p[0] != p[1]}
    assert (rows, len(directed), sum(p[::-1] in directed for p in directed)) == (15229, 10802, 3701)
    assert len(reciprocal) == 1850
    first = run(path)
    counts = registry_counts()
    second = run(path)
    assert registry_counts() == counts
    assert len(first) == len(second) == rows
    assert not {line["status"] for line in second} & {"created", "merged"}
    summary = Run.objects.order_by("pk").last().counts
    assert summary["unchanged"] == sum(line["status"] in ("created", "merged") for line in first)
    pairs = Agreement.objects.values("city_a", "city_b", "kind").annotate(n=Count("id"))
    assert not pairs.filter(n__gt=1).exists()
    # Each reciprocal tie whose two items resolve has one "reverse of" row; items that do not
    # resolve (regions, places GeoNames lacks) lose a few, so slightly fewer than 1,850.
    reverses = sum(line["message"].startswith("reverse of row") for line in first)
    assert 0.95 * len(reciprocal) <= reverses <= len(reciprocal)
    # Agreements are reciprocal where some city states each side; two items resolving to one
    # city ("comune di Amsterdam" and Amsterdam) can make a tie reciprocal without a reverse row.
    imported = Agreement.objects.filter(citations__source__key="wikidata-p190-ursino-2021-11-12")
    imported = imported.distinct()
    assert imported.filter(stated_only_by__isnull=True).count() >= reverses
    assert imported.filter(stated_only_by__isnull=False).count() > 3 * reverses
    assert City.objects.exclude(wikidata_id="").count() > 4500
    assert City.objects.get(pk=VILNIUS).wikidata_id == "Q216"
    assert Citation.objects.filter(locator="row 2: Q216 -> Q172").exists()
    # Wikidata's P190 links regions too: the province of Quebec is not forced onto Québec City.
    quebec = {
        line[f"{end}status"]
        for line in first
        for end in ("a_", "b_")
        if line[f"{end}wikidata"] == "Q176"
    }
    assert quebec and quebec <= {"unmatched", "not-a-city"}


@pytest.mark.realdata
@pytest.mark.skipif(not DATA.exists(), reason=f"the public datasets are not at {DATA}")
def test_the_json_export_imports_twice_and_marks_no_tie_one_sided():
    path = DATA / "big-sister-cities_2021-11.json"
    pairs = len(json.loads(path.read_text(encoding="utf-8"))["sisters"])
    first = run(path)
    counts = registry_counts()
    second = run(path)
    assert registry_counts() == counts
    assert len(first) == len(second) == pairs == 5913
    assert not {line["status"] for line in second} & {"created", "merged"}
    pairs_written = Agreement.objects.values("city_a", "city_b", "kind").annotate(n=Count("id"))
    assert not pairs_written.filter(n__gt=1).exists()
    # The export has lost the direction of each statement: nothing it writes is one-sided.
    imported = Agreement.objects.filter(citations__source__key="wikidata-p190-ursino-2021-11-json")
    assert imported.exists() and not imported.filter(stated_only_by__isnull=False).exists()
    written = sum(line["status"] in ("created", "merged") for line in first)
    assert written / pairs > 0.9
