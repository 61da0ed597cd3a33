"""Research statistics: aggregates by region over a threshold, years compared, cities behind."""

import pytest

from citydiplomacy.geo.models import PopulationFigure
from citydiplomacy.network.stats import Query, table
from tests.conftest import BERLIN, CAPE_TOWN, LONDON, MUNICH, PARIS

# (city, 1990, 2015): London and Paris grow; Munich stays under the threshold in 2015.
FIGURES = {
    LONDON: (6_000_000, 9_000_000),
    PARIS: (9_000_000, 10_800_000),
    BERLIN: (3_000_000, 3_600_000),
    MUNICH: (250_000, 290_000),
    CAPE_TOWN: (2_000_000, 4_000_000),
}


@pytest.fixture
def series(db, test_source):
    PopulationFigure.objects.bulk_create(
        PopulationFigure(city_id=city, year=year, population=value, kind="agglomeration",
                         source=test_source, locator="test")
        for city, values in FIGURES.items()
        for year, value in zip((1990, 2015), values, strict=True)
    )  # fmt: skip


def test_the_table_has_stren_and_friendlys_shape_average_size_over_a_threshold_by_region(series):
    result = table(Query(group_by="region", years=[1990, 2015], threshold=300_000))
    rows = {row["group"]: row for row in result["rows"]}
    assert next(iter(rows)) == "World"
    europe = rows["Europe"]
    assert europe["cities_count"] == 3  # Munich is under 300,000 in 2015
    assert europe["years"]["1990"]["mean"] == 6_000_000
    assert europe["years"]["2015"]["mean"] == 7_800_000
    assert europe["change"] == {"total_pct": 30.0, "yearly_pct": 1.2, "yearly_compound_pct": 1.05}
    assert rows["Africa"]["change"]["total_pct"] == 100.0
    assert rows["World"]["cities_count"] == 4
    assert next(c["name"] for c in europe["cities"]) == "Paris"


def test_the_threshold_year_fixes_the_set_of_cities_followed_across_years(series):
    result = table(
        Query(group_by="world", years=[1990, 2015], threshold=5_000_000, threshold_year=1990)
    )
    (world,) = result["rows"]
    assert world["cities_count"] == 2  # London and Paris were over 5 million in 1990
    assert world["years"]["2015"]["sum"] == 19_800_000


def test_cells_group_by_country_with_median_and_sum(series):
    rows = {r["group"]: r for r in table(Query(group_by="country", years=[2015]))["rows"]}
    assert rows["Germany"]["years"]["2015"] == {
        "count": 2, "sum": 3_890_000, "mean": 1_945_000, "median": 1_945_000
    }  # fmt: skip


def test_the_page_the_csv_and_the_api_give_the_same_figures(series, client):
    query = "group_by=region&years=1990,2015&threshold=300000"
    page = client.get(f"/network/stats/?{query}&format=json").json()
    api = client.get(f"/api/network/stats?{query}").json()
    assert page["rows"] == api["rows"]
    html = client.get(f"/network/stats/?{query}")
    assert b"Cities behind Europe" in html.content
    csv_text = client.get(f"/network/stats.csv?{query}").content.decode()
    assert csv_text.splitlines()[0].startswith("group,cities,1990_count")
    assert "Europe,3," in csv_text


def test_bad_statistics_parameters_get_a_message_naming_the_field(client):
    assert "group_by" in client.get("/network/stats/?group_by=planet&format=json").json()["error"]
    assert client.get("/network/stats/?years=nineteen&format=json").status_code == 400
    response = client.get("/api/network/stats?group_by=planet")
    assert response.status_code == 422 and "group_by" in response.json()["errors"]
