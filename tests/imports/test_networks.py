"""Municipal networks and their members (Gourdon's ETMUN and URBACT files): organisations found
again by code or name, members resolved or reported as not a city, reruns and refusals."""

import csv
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from citydiplomacy.core.history.models import ChangeRecord
from citydiplomacy.core.runs.models import Run
from citydiplomacy.imports.importers.etmun.reader import (
    etmun_joined,
    etmun_role,
    name_candidates,
    non_city_member,
)
from citydiplomacy.imports.importers.gourdon import (
    ETMUN_MEMBERS,
    ETMUN_NETWORKS,
    URBACT_MEMBERS,
    cell_coordinates,
)
from citydiplomacy.imports.tabular import Row
from citydiplomacy.organisations.models import Membership, Organisation
from citydiplomacy.site.selectors import registry_counts
from citydiplomacy.sources.models import Citation
from tests.conftest import LONDON

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "gourdon-etmun-eucicop"
FRANKFURT_ODER, FRANKFURT_MAIN, LYON, BERGAMO = 2925535, 2925533, 2996944, 3182164

MEMBER_COLUMNS = (
    "Full_Name",
    "Locality_Siege",
    "CountryCode",
    "Continent",
    "Region",
    "Y",
    "X",
    "Pop_collect",
    "Statut",
    "Entity",
    "Year_of_Joining",
    "Note",
    "Network_Name",
    "Code_Network",
    "EntitySimplified",
    "CountryName",
    "MembershipCode",
    "Adress",
    "lon",
    "lat",
)
NETWORK_HEADER = (
    "Sources;Years;Matrix level;Matrix column;Main Key-word;Additional Key-Word;Pages Vol 3;"
    "Name;Acronym;Code;Country (secretariat);Type 1;Type 2;commentaire;Url;Date;Aims;"
    "Activities;Members;Priorité;Date;;MAJ2019\n"
)
URBACT_HEADER = (
    "Code_Network;NameCity;CodeCity;Country;Continent;Region;City.Statut;Sources;Years;Network;"
    "Description;LeadPartnerCountry;Url;Start;End;geonameId;asciiName;lng_GN;lat_GN\n"
)


def member(**values: str) -> str:
    """One member row as the ETMUN file writes it: quoted text, bare NA and decimal commas."""
    cells = []
    for column in MEMBER_COLUMNS:
        value = values.get(column, "NA")
        bare = value == "NA" or column in ("lon", "lat")
        cells.append(value if bare else f'"{value}"')
    return ";".join(cells) + "\n"


MEMBER_HEADER = ";".join(f'"{c}"' for c in MEMBER_COLUMNS) + "\n"
TEST_NET = {"Network_Name": "Testnet", "Code_Network": "T1"}
MEMBERS = [
    member(
        Full_Name="Frankfurt",
        Locality_Siege="Frankfurt",
        CountryCode="DE",
        Statut="Member",
        Entity="City",
        EntitySimplified="City",
        lon="14,5506",
        lat="52,3471",
        **TEST_NET,
    ),
    member(
        Full_Name="Lyon",
        Locality_Siege="Lyon",
        CountryCode="FR",
        Statut="Associated Member",
        Entity="Municipal Authority",
        EntitySimplified="Municipality",
        Year_of_Joining="2012",
        **TEST_NET,
    ),
    member(
        Full_Name="Région Auvergne-Rhône-Alpes",
        Locality_Siege="Lyon",
        CountryCode="FR",
        Statut="Member",
        Entity="Regional Authority",
        EntitySimplified="Region",
        **TEST_NET,
    ),
    member(
        Full_Name="Ville de Lyon",
        Locality_Siege="Lyon",
        CountryCode="FR",
        Statut="Associated Member",
        Entity="City",
        EntitySimplified="City",
        Year_of_Joining="2012",
        **TEST_NET,
    ),
    member(
        Full_Name="Comune di Bergamo",
        Locality_Siege="Comune di Bergamo",
        CountryCode="IT",
        Y="45.6983",
        X="9.6773",
        Statut="2030ADAPT",
        Entity="City",
        EntitySimplified="City",
        Year_of_Joining="2016",
        Network_Name="Covenant",
        Code_Network="T2",
    ),
    member(
        Full_Name="Xqzwtown",
        Locality_Siege="Xqzwtown",
        CountryCode="FR",
        Entity="City",
        EntitySimplified="City",
        **TEST_NET,
    ),
]
NETWORKS = (
    "Vol.3;2014-2015;2;4;Amenities;Towns;1;C40;C40;02723;GB/US;F;;;http://www.c40.org/;2005;"
    '"Reduce emissions ; lead on climate";;Cities;;;;\n'
    "Vol.3;2014-2015;2;4;Amenities;Towns;2;Test Walled Towns;TWT;T1;UK;F;;;www.example.org;1989;"
    "Keep walls standing;;Towns;Forte;;06-juin-16;\n"
)


def run(kind: str, path: Path, *args: str) -> list[dict[str, str]]:
    # Beside the test's own files, never beside the shared real data (read-only for tests).
    report = Path(tempfile.mkdtemp(prefix="cd-report-")) / f"{path.stem}.report.csv"
    call_command("import", kind, str(path), "--report", str(report), *args, verbosity=0)
    with report.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def members_file(tmp_path: Path) -> Path:
    path = tmp_path / "members.csv"
    path.write_text(MEMBER_HEADER + "".join(MEMBERS), encoding="utf-8")
    return path


def row(**values: str) -> Row:
    return Row(2, values)


# --- Reading the files' values -------------------------------------------------------------


@pytest.mark.parametrize(
    ("statut", "role", "note"),
    [
        ("2020", "member", "Covenant of Mayors commitment: 2020"),
        ("20202030ADAPT", "member", "Covenant of Mayors commitment: 2020 + 2030 + ADAPT"),
        ("Associated Member", "associate", ""),
        ("Full member", "member", ""),
        ("Vice President", "vice-chair", ""),
        ("NA", "member", ""),
        ("Indirect Member", "member", "Status in the source: Indirect Member"),
    ],
)
def test_statuses_become_roles_and_commitments_stay_in_the_note(statut, role, note):
    assert etmun_role(statut) == (role, note)


def test_a_joining_year_or_a_civitas_phase_gives_the_start_and_na_gives_none():
    assert etmun_joined("2012") == ("2012", "")
    assert etmun_joined("NA") == ("", "")
    assert etmun_joined("2008-2012 - CIVITAS PLUS") == (
        "2008",
        "Took part in CIVITAS PLUS (2008-2012).",
    )


def test_decimal_commas_and_decimal_points_are_read_and_na_is_skipped():
    given = row(lat="43,39864", lon="3,412055", Y="43.397778", X="3.4175")
    assert cell_coordinates(given, ("lat", "lon"), ("Y", "X")) == [
        (43.39864, 3.412055),
        (43.397778, 3.4175),
    ]
    assert cell_coordinates(
        row(lat="NA", lon="NA", Y="45.1", X="9.2"), ("lat", "lon"), ("Y", "X")
    ) == [(45.1, 9.2)]
    assert cell_coordinates(row(lat="NA", lon="3,4"), ("lat", "lon")) == []


def test_names_lose_the_words_local_governments_wrap_them_in():
    assert name_candidates("Comune di Marigliano")[1] == "Marigliano"
    assert "Truden" in name_candidates("Truden/Trodena")
    assert "Sankt Ulrich bei Steyr" in name_candidates("St. Ulrich bei Steyr")
    assert "Weilheim" in name_candidates("Weilheim i. OB")


@pytest.mark.parametrize(
    ("values", "says"),
    [
        ({"EntitySimplified": "Region", "Entity": "County"}, "entity type Region (County)"),
        ({"EntitySimplified": "Intermunicipality"}, "entity type Intermunicipality"),
        ({"EntitySimplified": "City", "Entity": "District"}, "District"),
        ({"EntitySimplified": "City", "Full_Name": "Unione dei Comuni X"}, "unione"),
        ({"EntitySimplified": "City", "Full_Name": "Province of Chieti"}, "province of"),
    ],
)
def test_bodies_that_are_not_cities_say_why(values, says):
    assert says in non_city_member(row(**values))


def test_municipalities_named_so_are_still_cities():
    assert non_city_member(row(EntitySimplified="City", Full_Name="Municipality of Lysi")) == ""


# --- Importing small files ---------------------------------------------------------------


def test_each_member_row_is_reported_once_with_why(members_file):
    lines = run("etmun-memberships", members_file)
    assert [(line["row"], line["status"]) for line in lines] == [
        ("2", "created"),
        ("3", "created"),
        ("4", "not-a-city"),
        ("5", "duplicate"),
        ("6", "created"),
        ("7", "created"),  # no gazetteer city of that name: kept on a provisional place
    ]
    assert (lines[5]["city_status"], lines[5]["city_provisional"]) == ("unmatched", "yes")
    assert lines[2]["message"].startswith("entity type Region (Regional Authority)")
    assert lines[3]["message"].startswith("same membership as row 3")
    assert "network not in the networks file: made from its name" in lines[0]["message"]


def test_decimal_comma_coordinates_choose_among_namesakes(members_file):
    run("etmun-memberships", members_file)
    frankfurt = Membership.objects.get(organisation__name="Testnet", city__name__startswith="Frank")
    assert frankfurt.city_id == FRANKFURT_ODER and frankfurt.joined == ""


def test_without_coordinates_the_biggest_namesake_is_taken(members_file):
    run("etmun-memberships", members_file, "--ignore-coordinates")
    assert Membership.objects.filter(city_id=FRANKFURT_MAIN, organisation__name="Testnet").exists()


def test_roles_dates_and_commitments_are_written_with_their_rows(members_file):
    run("etmun-memberships", members_file)
    lyon = Membership.objects.get(city_id=LYON, organisation__name="Testnet")
    assert (lyon.role, lyon.joined) == ("associate", "2012")
    assert sorted(c.locator for c in lyon.citations.all()) == ["row 3", "row 5"]
    bergamo = Membership.objects.get(city_id=BERGAMO)
    assert (bergamo.role, bergamo.joined) == ("member", "2016")
    assert bergamo.note == "Covenant of Mayors commitment: 2030 + ADAPT"
    run_record = Run.objects.get()
    changes = ChangeRecord.objects.filter(import_run=run_record, content_type__model="membership")
    assert changes.count() == 4  # with the member kept on a provisional place
    key = lyon.citations.first().source.key
    assert changes.get(object_id=str(lyon.pk)).after["citations"] == [
        f"{key} (row 3)",
        f"{key} (row 5)",
    ]


def test_importing_the_same_members_again_changes_nothing(members_file):
    run("etmun-memberships", members_file)
    counts, changes = registry_counts(), ChangeRecord.objects.count()
    lines = run("etmun-memberships", members_file)
    assert registry_counts() == counts and ChangeRecord.objects.count() == changes
    assert [line["status"] for line in lines] == [
        "unchanged",
        "unchanged",
        "not-a-city",
        "duplicate",
        "unchanged",
        "unchanged",
    ]


def test_a_dry_run_of_the_members_writes_nothing(members_file, capsys):
    counts = registry_counts()
    call_command("import", "etmun-memberships", str(members_file), "--dry-run", verbosity=0)
    assert "Dry run, nothing written: 6 rows, 4 created" in capsys.readouterr().out
    assert registry_counts() == counts and not Run.objects.exists()


def test_the_networks_file_reuses_the_starter_c40_and_reads_the_first_date_column(tmp_path):
    path = tmp_path / ETMUN_NETWORKS
    path.write_text(NETWORK_HEADER + NETWORKS, encoding="utf-8")
    lines = run("etmun-networks", path)
    assert [line["status"] for line in lines] == ["merged", "created"]
    assert "matched by name or acronym" in lines[0]["message"]
    assert "'GB/US' is not one known country" in lines[0]["message"]
    c40 = Organisation.objects.get(slug="c40")
    assert Organisation.objects.filter(acronym__iexact="C40").count() == 1
    assert c40.founded == "2005" and c40.website == "http://www.c40.org/"
    assert c40.citations.filter(locator="ETMUN code 02723, row 2").exists()
    walled = Organisation.objects.get(acronym="TWT")
    assert (walled.founded, walled.secretariat_country_id) == ("1989", "GB")
    assert walled.website == "http://www.example.org" and not walled.themes.exists()
    assert [line["status"] for line in run("etmun-networks", path)] == ["unchanged", "unchanged"]


def test_members_beside_the_networks_file_join_the_networks_it_describes(tmp_path):
    (tmp_path / ETMUN_NETWORKS).write_text(NETWORK_HEADER + NETWORKS, encoding="utf-8")
    members = tmp_path / ETMUN_MEMBERS
    members.write_text(MEMBER_HEADER + "".join(MEMBERS), encoding="utf-8")
    lines = run("etmun-memberships", members)
    walled = Organisation.objects.get(acronym="TWT")
    assert Membership.objects.filter(organisation=walled, city_id=LYON).exists()
    assert "made from its name" not in lines[0]["message"]
    assert "made from its name" in lines[4]["message"]  # T2 is not in the networks file


def test_urbact_partners_take_the_network_dates_and_networks_are_programmes(tmp_path):
    path = tmp_path / "urbact.csv"
    path.write_text(
        URBACT_HEADER
        + "1;Naples;IT23;IT;Europe;S;Lead Partner;x;2016;2nd Chance;Vacant buildings;IT;"
        "http://urbact.eu/2nd-chance;2015;2018;3172394;Naples;14,26811;40,85216\n"
        "1;Porto;PT18;PT;Europe;S;Partner;x;2016;2nd Chance;Vacant buildings;IT;"
        "http://urbact.eu/2nd-chance;2015;2018;2735943;Porto;-8,61099;41,14961\n",
        encoding="utf-8",
    )
    assert [line["status"] for line in run("urbact", path)] == ["created", "created"]
    network = Organisation.objects.get(name="2nd Chance (URBACT)")
    assert (network.kind, network.founded, network.dissolved) == ("programme", "2015", "2018")
    roles = {(m.city_id, m.role, m.joined, m.left) for m in network.memberships.all()}
    assert roles == {
        (3172394, "lead-partner", "2015", "2018"),
        (2735943, "partner", "2015", "2018"),
    }


@pytest.mark.parametrize(
    ("content", "encoding", "says"),
    [
        (
            (MEMBER_HEADER + "".join(MEMBERS)).replace(";", ","),
            "utf-8",
            # The streaming reader refuses at the first line that breaks the format.
            "separated by commas|line 1: ",
        ),
        (
            MEMBER_HEADER.replace('"Code_Network";', "") + "".join(MEMBERS),
            "utf-8",
            "missing column Code_Network",
        ),
        (MEMBER_HEADER + "".join(MEMBERS).replace("Région", "Rézion"), "latin-1", "not valid"),
        (MEMBER_HEADER + "".join(MEMBERS) + '"Lyon";"Lyon";"FR";', "utf-8", "may be truncated"),
    ],
)
def test_a_malformed_members_file_is_refused_and_nothing_is_written(
    tmp_path, content, encoding, says
):
    path = tmp_path / "bad.csv"
    path.write_bytes(content.encode(encoding))
    counts = registry_counts()
    with pytest.raises(CommandError, match=says):
        call_command("import", "etmun-memberships", str(path), verbosity=0)
    assert registry_counts() == counts and not Run.objects.exists()


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (NETWORK_HEADER.replace(";", ",") + NETWORKS.replace(";", ","), "separated by commas"),
        (NETWORK_HEADER.replace("Aims;", "") + NETWORKS, "missing column Aims"),
        (NETWORK_HEADER + NETWORKS + "Vol.3;2014-2015;2;4;Amenities", "may be truncated"),
        (NETWORK_HEADER + NETWORKS + NETWORKS.splitlines()[-1] + "\n", "repeats network code"),
    ],
)
def test_a_malformed_networks_file_is_refused_even_beside_a_members_file(tmp_path, content, says):
    (tmp_path / ETMUN_NETWORKS).write_text(content, encoding="utf-8")
    members = tmp_path / ETMUN_MEMBERS
    members.write_text(MEMBER_HEADER + "".join(MEMBERS), encoding="utf-8")
    counts = registry_counts()
    for kind, path in (
        ("etmun-networks", tmp_path / ETMUN_NETWORKS),
        ("etmun-memberships", members),
    ):
        with pytest.raises(CommandError, match=says):
            call_command("import", kind, str(path), verbosity=0)
    assert registry_counts() == counts and not Run.objects.exists()


# --- The real files ------------------------------------------------------------------------


def data_rows(path: Path) -> int:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return sum(1 for _ in csv.reader(handle, delimiter=";")) - 1


def per_network(lines: list[dict[str, str]]) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for line in lines:
        counts[line["network_name"]][line["status"]] += 1
    return counts


@pytest.mark.realdata
@pytest.mark.skipif(not DATA.exists(), reason=f"the public datasets are not at {DATA}")
def test_the_etmun_networks_import_twice_and_reuse_the_starter_c40_and_eurocities():
    path = DATA / ETMUN_NETWORKS
    first = run("etmun-networks", path)
    counts = registry_counts()
    second = run("etmun-networks", path)
    assert registry_counts() == counts
    assert len(first) == len(second) == 58
    assert not {line["status"] for line in second} & {"created", "merged"}
    merged = {line["organisation"] for line in first if line["status"] == "merged"}
    assert {"c40", "eurocities"} <= merged
    assert Organisation.objects.filter(acronym__iexact="C40").count() == 1
    assert Organisation.objects.get(slug="c40").founded == "2005"


@pytest.mark.realdata
@pytest.mark.skipif(not DATA.exists(), reason=f"the public datasets are not at {DATA}")
def test_the_etmun_members_import_twice_with_identical_counts():
    path = DATA / ETMUN_MEMBERS
    first = run("etmun-memberships", path)
    counts, changes = registry_counts(), ChangeRecord.objects.count()
    second = run("etmun-memberships", path)
    assert registry_counts() == counts and ChangeRecord.objects.count() == changes
    assert len(first) == len(second) == data_rows(path) == 17333
    assert not {line["status"] for line in second} & {"created", "merged"}
    assert Counter(line["status"] for line in second) == Counter(
        "unchanged" if line["status"] in ("created", "merged") else line["status"] for line in first
    )
    networks = per_network(first)
    assert sum(networks["C40"].values()) == 92
    assert sum(networks["Covenant of Mayors"].values()) == 10057
    assert sum(networks["Climate Alliance"].values()) == 1742
    c40 = networks["C40"]
    assert c40["created"] + c40["merged"] >= 85 and c40["not-a-city"] == 0
    covenant = Organisation.objects.get(citations__locator__startswith="ETMUN code 04080,")
    resolved = networks["Covenant of Mayors"]
    assert covenant.memberships.count() == resolved["created"] + resolved["merged"]
    assert resolved["created"] > 0.8 * 10057
    non_city = [line for line in first if line["entity"] not in ("City", "Municipality")]
    assert len(non_city) > 600 and {line["status"] for line in non_city} <= {
        "not-a-city",
        "invalid",
    }
    assert Organisation.objects.filter(acronym__iexact="C40").count() == 1
    assert Membership.objects.filter(organisation__slug="c40").count() >= 85
    # London is in C40 once, from the starter data and from ETMUN: one membership, both cited.
    (london,) = Membership.objects.filter(organisation__slug="c40", city_id=LONDON)
    keys = set(london.citations.values_list("source__key", flat=True))
    assert "gourdon-etmun-memberships" in keys and "seed-004-stren-friendly-mayors" in keys


@pytest.mark.realdata
@pytest.mark.skipif(not DATA.exists(), reason=f"the public datasets are not at {DATA}")
def test_the_urbact_partners_import_twice_with_identical_counts():
    path = DATA / URBACT_MEMBERS
    first = run("urbact", path)
    counts = registry_counts()
    second = run("urbact", path)
    assert registry_counts() == counts
    assert len(first) == len(second) == data_rows(path) == 1510
    assert not {line["status"] for line in second} & {"created", "merged"}
    created = [line for line in first if line["status"] == "created"]
    assert len(created) > 1450
    assert sum(line["role"] == "lead-partner" for line in created) > 160
    assert Organisation.objects.filter(kind="programme", name__endswith="(URBACT)").count() == 172
    assert Citation.objects.filter(locator__startswith="URBACT network ").count() == 172
    assert Citation.objects.filter(locator__startswith="URBACT network 1, row ").count() == 1
