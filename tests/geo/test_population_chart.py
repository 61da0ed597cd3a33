"""A city's population series are drawn as a chart (plain SVG, no script, no inline style)
above the tables that stay its twin; projections are marked as such."""

import re

import pytest

from citydiplomacy.geo.charts import population_chart
from citydiplomacy.geo.models import City, PopulationFigure
from tests.conftest import BERLIN

pytestmark = pytest.mark.django_db

PROPER = {1950: 3_336_000, 1970: 3_208_000, 1990: 3_433_000, 2020: 3_664_000, 2035: 3_800_000}
AGGLOMERATION = {1950: 3_400_000, 2020: 4_500_000}


@pytest.fixture
def berlin_series(test_source):
    figures = [
        PopulationFigure(
            city_id=BERLIN,
            year=year,
            population=n,
            kind="city-proper",
            source=test_source,
            projected=year > 2025,
        )
        for year, n in PROPER.items()
    ]
    figures += [
        PopulationFigure(
            city_id=BERLIN, year=year, population=n, kind="agglomeration", source=test_source
        )
        for year, n in AGGLOMERATION.items()
    ]
    PopulationFigure.objects.bulk_create(figures)


def panel_html(client) -> str:
    html = client.get(f"/cities/{BERLIN}/").content.decode()
    start = html.index("<h2>Population over time</h2>")
    return html[start : html.index("</section>", start)]


def test_the_chart_comes_before_the_tables_with_a_dot_per_figure(client, berlin_series):
    html = panel_html(client)
    assert html.index('data-testid="population-chart"') < html.index("population-series")
    titles = re.findall(r"<circle [^>]*><title>([^<]*)</title>", html)
    assert len(titles) == len(PROPER) + len(AGGLOMERATION)
    assert "2035: 3,800,000 (city proper (Test fixture), projection)" in titles
    assert "1950: 3,336,000 (city proper (Test fixture))" in titles
    assert html.count("<polyline") == 2
    # The tables still give every figure.
    assert "3,433,000" in html and "4,500,000" in html
    # The strict CSP: no inline style, no script.
    assert "style=" not in html and "<script" not in html


def test_the_json_twin_carries_the_chart_and_the_series(client, berlin_series):
    body = client.get(f"/cities/{BERLIN}/?format=json").json()
    chart = body["population_chart"]
    assert not chart["empty"]
    assert len(chart["dots"]) == sum(len(s["figures"]) for s in body["population_series"])
    assert chart["notes"] == ["hollow dots are projections"]


def test_a_larger_population_is_drawn_higher_and_a_later_year_further_right():
    series = [
        {
            "kind_label": "city proper",
            "area_name": "",
            "source": {"title": "S"},
            "figures": [
                {"year": 1950, "population": 1_000, "projected": False},
                {"year": 2000, "population": 5_000, "projected": False},
                {"year": 2010, "population": 2_000, "projected": False},
            ],
        }
    ]
    dots = population_chart(series).dots
    xs = [d["x"] for d in dots]
    assert xs == sorted(xs) and len(set(xs)) == 3
    assert min(dots, key=lambda d: d["y"])["label"].startswith("2000: 5,000")
    # The axis reads in round steps up to a round top above the largest figure.
    labels = [t["label"] for t in population_chart(series).y_ticks]
    assert labels == ["0", "1.5 k", "3 k", "4.5 k", "6 k"]
    assert population_chart([]).empty


def test_a_city_without_series_has_no_chart(client):
    bare = City.objects.filter(population_figures__isnull=True).first()
    assert bare is not None
    body = client.get(f"/cities/{bare.pk}/?format=json").json()
    assert body["population_series"] == []
    assert body["population_chart"]["empty"]
    assert (
        'data-testid="population-chart"' not in client.get(f"/cities/{bare.pk}/").content.decode()
    )
