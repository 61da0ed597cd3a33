"""A country's largest cities are whole cities: no arrondissements, boroughs or districts."""

from pathlib import Path
from typing import Any

import pytest

from citydiplomacy.core.history.services import Actor
from citydiplomacy.geo.gazetteer import load_cities
from citydiplomacy.geo.models import City
from citydiplomacy.geo.resolution.geonames_dump import read_feature_codes
from tests.conftest import PARIS

pytestmark = pytest.mark.django_db

# Made-up places in France, bigger than Paris so that they lead its list.
BIG, NUMBERED, BOROUGH, FAR_NUMBERED = 990000101, 990000102, 990000103, 990000104


def place(gid: int, name: str, population: int, lat: float, lon: float) -> dict[str, Any]:
    return {
        "geonameid": gid,
        "name": name,
        "latitude": lat,
        "longitude": lon,
        "countrycode": "FR",
        "population": population,
        "timezone": "Europe/Paris",
        "admin1code": "84",
        "alternatenames": [],
    }


MADE_UP = {
    str(BIG): place(BIG, "Grandeville", 9_000_000, 45.0, 4.0),
    # Named after Grandeville and a number, 3 km away: a part of it.
    str(NUMBERED): place(NUMBERED, "Grandeville 03 Quartier", 8_000_000, 45.02, 4.02),
    # GeoNames says PPLX (section of a populated place).
    str(BOROUGH): place(BOROUGH, "Faubourg-Imaginaire", 7_000_000, 45.05, 4.05),
    # A namesake with a number 200 km away is a town of its own.
    str(FAR_NUMBERED): place(FAR_NUMBERED, "Grandeville 2", 6_000_000, 46.8, 4.0),
}
CODES = {BIG: "PPLA", NUMBERED: "", BOROUGH: "PPLX", FAR_NUMBERED: "PPL"}


def load(**options: Any) -> None:
    load_cities(min_population=15000, actor=Actor.system("test"), cities=MADE_UP, **options)


def largest(client: Any, iso2: str = "FR") -> list[str]:
    data = client.get(f"/countries/{iso2}/?format=json").json()
    return [city["name"] for city in data["biggest_cities"]]


def test_the_largest_cities_leave_out_numbered_parts_and_sections(client):
    load(feature_codes=CODES)
    names = largest(client)
    assert names[:3] == ["Grandeville", "Grandeville 2", "Paris"]
    assert "Grandeville 03 Quartier" not in names
    assert "Faubourg-Imaginaire" not in names
    html = client.get("/countries/FR/").content.decode()
    assert "Grandeville 03 Quartier" not in html and "Faubourg-Imaginaire" not in html


def test_a_part_of_a_city_links_to_its_city_and_keeps_its_own_page(client):
    load(feature_codes=CODES)
    part = City.objects.get(pk=NUMBERED)
    assert part.part_of_id == BIG and part.is_section
    assert City.objects.get(pk=BOROUGH).feature_code == "PPLX"
    data = client.get(f"/cities/{NUMBERED}/?format=json").json()
    assert data["part_of"]["name"] == "Grandeville"
    assert data["city"]["part_of"] == BIG
    assert 'data-testid="part-of"' in client.get(f"/cities/{NUMBERED}/").content.decode()


def test_without_a_table_of_codes_a_reload_keeps_the_stored_codes():
    load(feature_codes=CODES)
    load()
    assert City.objects.get(pk=BOROUGH).feature_code == "PPLX"
    load(feature_codes=CODES)  # and loading the same again changes nothing


def test_the_city_list_filters_whole_cities_and_feature_codes(client):
    load(feature_codes=CODES)
    rows = client.get("/api/cities/?country=FR&whole=true&per_page=5").json()["results"]
    assert [row["name"] for row in rows][:2] == ["Grandeville", "Grandeville 2"]
    rows = client.get("/api/cities/?feature_code=PPLX&min_population=5000000").json()["results"]
    assert [row["geonames_id"] for row in rows] == [BOROUGH]


def test_paris_arrondissements_are_not_among_the_largest_cities_of_france(client):
    names = largest(client)
    assert names[0] == "Paris" and "Marseille" in names and "Lyon" in names
    assert not [name for name in names if name.startswith(("Paris ", "Lyon 0", "Marseille 0"))]
    vaugirard = City.objects.get(name="Paris 15 Vaugirard")
    assert vaugirard.part_of_id == PARIS


def test_the_table_of_feature_codes_reads_a_geonames_geoname_table(tmp_path: Path):
    path = tmp_path / "cities500.txt"
    row = ["990000101", "Grandeville", "Grandeville", "", "45", "4", "P", "PPLA", "FR"]
    path.write_text("\t".join([*row, *[""] * 10]) + "\n", encoding="utf-8")
    assert read_feature_codes(path) == {BIG: "PPLA"}
