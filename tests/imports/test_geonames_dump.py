"""A GeoNames dump file given to an import adds its villages to the gazetteer."""

import csv
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from citydiplomacy.core.runs.models import Run
from citydiplomacy.geo.models import City
from citydiplomacy.site.selectors import registry_counts

pytestmark = pytest.mark.django_db

# Made-up places in GeoNames' geoname layout (19 tab-separated columns).
VILLAGE_ID, REGION_ID = 990000001, 990000002


def geoname(gid: int, name: str, feature_class: str, alternates: str = "") -> str:
    columns = [
        str(gid), name, name, alternates, "45.9", "4.7", feature_class, "PPL",
        "FR", "", "84", "69", "", "", "320", "", "250", "Europe/Paris", "2024-01-01",
    ]  # fmt: skip
    return "\t".join(columns) + "\n"


@pytest.fixture
def dump(tmp_path: Path) -> Path:
    """A country file as GeoNames zips it: FR.txt (and readme.txt) inside FR.zip."""
    path = tmp_path / "FR.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "GeoNames dump\n")
        archive.writestr(
            "FR.txt",
            geoname(VILLAGE_ID, "Bourg-Imaginaire", "P", "Bourg Imaginaire,Imaginaire")
            + geoname(REGION_ID, "Pays Imaginaire", "A"),
        )
    return path


@pytest.fixture
def pairs(tmp_path: Path) -> Path:
    path = tmp_path / "pairs.csv"
    path.write_text(
        "city1,country1,city2,country2\nBourg Imaginaire,France,Lyon,France\n", encoding="utf-8"
    )
    return path


def run(pairs: Path, *args: str) -> list[dict[str, str]]:
    report = pairs.with_suffix(".report.csv")
    call_command("import", "twin-cities", str(pairs), "--report", str(report), *args, verbosity=0)
    with report.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_a_village_only_the_dump_knows_resolves_and_cites_the_dump(pairs, dump):
    # Without the dump the village is kept on a provisional place (a dry run: not written).
    alone = run(pairs, "--dry-run")[0]
    assert (alone["a_status"], alone["a_provisional"]) == ("unmatched", "yes")
    line = run(pairs, "--geonames-file", str(dump))[0]
    assert (line["status"], line["a_geonames_id"]) == ("created", str(VILLAGE_ID))
    village = City.objects.get(pk=VILLAGE_ID)
    assert (village.name, village.country_id, village.population) == ("Bourg-Imaginaire", "FR", 320)
    assert (
        village.source.key.startswith("geonames-dump-fr-") and village.source.file_name == "FR.zip"
    )
    assert Run.objects.get().options["geonames_file"] == "FR.zip"


def test_places_that_are_not_populated_places_stay_out(pairs, dump, tmp_path):
    pairs.write_text("city1,country1,city2,country2\nPays Imaginaire,France,Lyon,France\n")
    line = run(pairs, "--geonames-file", str(dump))[0]
    assert (line["a_status"], line["a_provisional"]) == ("unmatched", "yes")
    assert not City.objects.filter(pk=REGION_ID).exists()


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("990000003\tNowhere\tNowhere\n", "line 1 has 3 tab-separated columns"),
        (geoname(1, "A", "P") + geoname(2, "B", "P").replace("45.9", "north"), "line 2: the id"),
    ],
)
def test_a_file_that_is_not_a_geonames_table_is_refused_and_nothing_is_written(
    pairs, tmp_path, content, says
):
    bad = tmp_path / "bad.txt"
    bad.write_text(content, encoding="utf-8")
    before = registry_counts()
    with pytest.raises(CommandError, match=says):
        run(pairs, "--geonames-file", str(bad))
    assert registry_counts() == before and not Run.objects.exists()


def test_a_missing_dump_is_refused(pairs, tmp_path):
    with pytest.raises(CommandError, match="no such GeoNames file"):
        run(pairs, "--geonames-file", str(tmp_path / "allCountries.zip"))
