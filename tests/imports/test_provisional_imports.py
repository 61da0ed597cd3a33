"""The URBACT and Wikidata importers keep every tie: an end no gazetteer city matches (or
several do) goes on a provisional place, reported with its row and counted; a row left out
says why. Made-up rows in the real layouts, then the real files when they are present."""

import csv
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Q

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.core.runs.models import Run
from citydiplomacy.geo.models import PROVISIONAL_ID_START, ProvisionalPlace
from citydiplomacy.imports.importers.gourdon import URBACT_MEMBERS
from citydiplomacy.organisations.models import Membership
from citydiplomacy.site.selectors import registry_counts

pytestmark = pytest.mark.django_db
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
GOURDON = SHARED / "gourdon-etmun-eucicop"
WIKIDATA = SHARED / "wikidata-p190-ursino"
NAPLES, VILNIUS, MADRID = 3172394, 593116, 3117735
WRITTEN = ("created", "merged", "unchanged", "duplicate")

URBACT_HEADER = (
    "Code_Network;NameCity;CodeCity;Country;Continent;Region;City.Statut;Sources;Years;Network;"
    "Description;LeadPartnerCountry;Url;Start;End;geonameId;asciiName;lng_GN;lat_GN\n"
)
URBACT_NET = "1;{name};XX01;{country};Europe;S;Partner;x;2016;2nd Chance;Vacant buildings;IT;"
URBACT_END = "http://urbact.eu/2nd-chance;2015;2018;{gid};{name};{lon};{lat}\n"


def urbact_row(name: str, country: str, gid: str = "NA", lon: str = "NA", lat: str = "NA") -> str:
    return URBACT_NET.format(name=name, country=country) + URBACT_END.format(
        gid=gid, name=name, lon=lon, lat=lat
    )


URBACT_ROWS = [
    urbact_row("Naples", "IT", "3172394", "14,26811", "40,85216"),  # row 2: matched by id
    urbact_row("Xqzwburg", "DE", lon="9,5", lat="51,3"),  # row 3: no such city
    urbact_row("Springfield", "US"),  # row 4: several namesakes, no point to choose
    urbact_row("Xqzwburg", "Atlantis"),  # row 5: an unknown country: nothing to keep it in
]


def run(kind: str, path: Path, *args: str, report: Path | None = None) -> list[dict[str, str]]:
    # The real files' folder is not ours to write in: their reports go to the test's folder.
    report = report or path.with_suffix(".report.csv")
    call_command("import", kind, str(path), "--report", str(report), *args, verbosity=0)
    with report.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def urbact_file(tmp_path: Path) -> Path:
    path = tmp_path / "urbact.csv"
    path.write_text(URBACT_HEADER + "".join(URBACT_ROWS), encoding="utf-8")
    return path


def test_an_urbact_partner_no_city_matches_is_kept_on_a_provisional_place(urbact_file, capsys):
    lines = run("urbact", urbact_file)
    assert [(line["row"], line["status"]) for line in lines] == [
        ("2", "created"),
        ("3", "created"),
        ("4", "created"),
        ("5", "unmatched"),
    ]
    assert [(lines[n]["city_status"], lines[n]["city_provisional"]) for n in (1, 2)] == [
        ("unmatched", "yes"),
        ("ambiguous", "yes"),
    ]
    assert lines[3]["message"] == "country 'Atlantis' is not a known country"
    made = ProvisionalPlace.objects.select_related("city").get(written_name="Xqzwburg")
    assert (made.written_country, made.city.country_id, made.reason) == ("DE", "DE", "unmatched")
    assert (made.latitude, made.longitude, made.approximate_point) == (51.3, 9.5, False)
    assert made.city.provisional and made.city_id >= PROVISIONAL_ID_START
    springfield = ProvisionalPlace.objects.get(written_name="Springfield")
    assert springfield.reason == "ambiguous" and len(springfield.candidates) > 1
    assert {c["country"] for c in springfield.candidates} == {"US"}
    network = Membership.objects.filter(organisation__name="2nd Chance (URBACT)")
    partners = set(network.values_list("city_id", flat=True))
    assert partners == {NAPLES, made.city_id, springfield.city_id}
    assert Run.objects.get().counts["provisional"] == 2
    out = capsys.readouterr().out
    assert "2 rows kept with an end on a provisional place" in out and "rows 3, 4" in out
    assert "2 on provisional places (not yet matched)" in out


def test_reimporting_the_urbact_partners_reuses_their_provisional_places(urbact_file):
    run("urbact", urbact_file)
    counts, places = registry_counts(), ProvisionalPlace.objects.count()
    lines = run("urbact", urbact_file)
    assert registry_counts() == counts and ProvisionalPlace.objects.count() == places == 2
    assert [line["status"] for line in lines] == [
        "unchanged",
        "unchanged",
        "unchanged",
        "unmatched",
    ]


def test_urbact_keeps_the_file_point_even_when_told_to_ignore_coordinates(urbact_file):
    run("urbact", urbact_file, "--ignore-coordinates")
    made = ProvisionalPlace.objects.get(written_name="Xqzwburg")
    assert (made.latitude, made.longitude) == (51.3, 9.5)


E = "http://www.wikidata.org/entity/"
WIKIDATA_HEADER = (
    "city,cityLabel,city_population,city_coordinate_location,"
    "sister,sisterLabel,sister_population,sister_coordinate_location\n"
)
ITEMS = {
    "Q216": ("Vilnius", "580000", "Point(25.28 54.69)"),
    "Q2807": ("Madrid", "3300000", "Point(-3.70 40.42)"),
    "Q900901": ("Xqzwville", "1000", "Point(25.02 54.91)"),  # no such city, in Lithuania
    "Q900902": ("Xqzwdorf", "1000", ""),  # no such city, and no point to place it by
}


def wikidata_line(a: str, b: str) -> str:
    (la, pa, ca), (lb, pb, cb) = ITEMS[a], ITEMS[b]
    return f'{E}{a},{la},{pa},"{ca}",{E}{b},{lb},{pb},"{cb}"\n'


@pytest.fixture
def statements_file(tmp_path: Path) -> Path:
    path = tmp_path / "p190.csv"
    rows = [("Q216", "Q2807"), ("Q216", "Q900901"), ("Q900901", "Q216"), ("Q2807", "Q900902")]
    path.write_text(WIKIDATA_HEADER + "".join(wikidata_line(a, b) for a, b in rows))
    return path


def test_a_wikidata_item_no_city_matches_is_kept_in_the_country_around_its_point(
    statements_file, capsys
):
    lines = run("wikidata-twinning", statements_file, "--gazetteer", "15000")
    assert [(line["row"], line["status"]) for line in lines] == [
        ("2", "created"),
        ("3", "created"),
        ("4", "duplicate"),  # the reverse statement: the tie is stated on both sides
        ("5", "unmatched"),  # no point, and Wikidata gives no country: left out, saying why
    ]
    assert (lines[1]["b_status"], lines[1]["b_provisional"]) == ("unmatched", "yes")
    assert "Wikidata gives no country: LT" in lines[1]["b_note"]
    assert lines[3]["b_provisional"] == "" and "no city of that name" in lines[3]["b_note"]
    made = ProvisionalPlace.objects.select_related("city").get(written_name="Xqzwville")
    assert made.city.country_id == "LT" and (made.latitude, made.longitude) == (54.91, 25.02)
    assert not made.approximate_point and made.reason == "unmatched"
    tie = Agreement.objects.get(Q(city_a=made.city) | Q(city_b=made.city))
    assert {tie.city_a_id, tie.city_b_id} == {VILNIUS, made.city_id}
    assert tie.stated_only_by_id is None  # both sides state it
    assert Run.objects.get().counts["provisional"] == 2
    assert "rows 3, 4" in capsys.readouterr().out


def test_reimporting_wikidata_reuses_the_provisional_place(statements_file):
    run("wikidata-twinning", statements_file, "--gazetteer", "15000")
    counts = registry_counts()
    lines = run("wikidata-twinning", statements_file, "--gazetteer", "15000")
    assert registry_counts() == counts and ProvisionalPlace.objects.count() == 1
    assert [line["status"] for line in lines] == [
        "unchanged",
        "unchanged",
        "duplicate",
        "unmatched",
    ]


def _left_out_without_reason(lines: list[dict[str, str]], prefixes: tuple[str, ...]) -> list[str]:
    """Rows neither written nor explained (a message, or a note on an end that failed)."""
    return [
        line["row"]
        for line in lines
        if line["status"] not in WRITTEN
        and not line["message"]
        and not any(line.get(f"{p}note") or line.get(f"{p}candidates") for p in prefixes)
    ]


@pytest.mark.realdata
@pytest.mark.skipif(not GOURDON.exists(), reason=f"the public datasets are not at {GOURDON}")
def test_the_real_urbact_file_keeps_every_partner_or_says_why(tmp_path):
    path = GOURDON / URBACT_MEMBERS
    lines = run("urbact", path, report=tmp_path / "report.csv")
    assert len(lines) == 1510
    left_out = [line for line in lines if line["status"] not in WRITTEN]
    assert not _left_out_without_reason(lines, ("city_",))
    # Every partner with a known country is kept, on a gazetteer city or a provisional place.
    assert all(
        line["status"] in ("invalid", "not-a-city")
        or not line["city_country"]
        or "not a known country" in line["message"]
        for line in left_out
    ), [(line["row"], line["status"], line["city_name"], line["city_country"]) for line in left_out]
    kept = sum(line["city_provisional"] == "yes" for line in lines if line["status"] in WRITTEN)
    assert Run.objects.get().counts.get("provisional", 0) == kept


@pytest.mark.realdata
@pytest.mark.skipif(not WIKIDATA.exists(), reason=f"the public datasets are not at {WIKIDATA}")
def test_the_real_p190_result_keeps_every_pair_or_says_why(tmp_path):
    path = WIKIDATA / "query_p190_2021-11-12.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    pairs = {tuple(sorted((r["city"], r["sister"]))) for r in rows if r["city"] != r["sister"]}
    lines = run("wikidata-twinning", path, report=tmp_path / "report.csv")
    assert len(lines) == len(rows)
    assert not _left_out_without_reason(lines, ("a_", "b_"))
    by_row = {int(line["row"]): line for line in lines}
    kept = {
        tuple(sorted((r["city"], r["sister"])))
        for number, r in enumerate(rows, start=2)
        if by_row[number]["status"] in WRITTEN
    }
    # A pair is left out only when an end has no point to place it by, or two items resolve
    # to one city; each such row says so.
    left = [
        by_row[number]
        for number, r in enumerate(rows, start=2)
        if r["city"] != r["sister"] and tuple(sorted((r["city"], r["sister"]))) not in kept
    ]
    assert len(kept) / len(pairs) > 0.99, (len(kept), len(pairs))
    assert all(
        line["status"] == "invalid"
        or any(
            line[f"{p}status"] != "matched" and line[f"{p}provisional"] != "yes"
            for p in ("a_", "b_")
        )
        for line in left
    )
