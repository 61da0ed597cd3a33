"""Maps in the browser: a country's map draws a line per tie, and a map of many points
gathers them into clusters and fits its bounds to all of them."""

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.browser.artefacts import screenshot
from tests.browser.conftest import CLUSTER_COUNTRY, CLUSTER_PAIRS

pytestmark = pytest.mark.browser


def test_a_country_map_draws_its_ties_and_clusters_its_cities(
    page: Page, app_server: str, request: pytest.FixtureRequest
) -> None:
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(message.text)

    page.on("console", on_console)
    page.goto(f"/countries/{CLUSTER_COUNTRY}/")
    map_element = page.locator('[data-map="country-map"]')
    expect(map_element).to_have_attribute("data-ready", "true")
    expect(map_element).to_have_attribute("data-lines", str(CLUSTER_PAIRS))
    # Leaflet.markercluster draws a cluster as a marker with its count.
    clusters = map_element.locator(".marker-cluster")
    expect(clusters.first).to_be_visible()
    shown = page.evaluate(
        """() => {
            const element = document.querySelector('[data-map="country-map"]');
            const map = element.leafletMap, layer = element.markerLayer;
            const data = JSON.parse(document.getElementById(element.dataset.map).textContent);
            const bounds = map.getBounds();
            return {
                points: data.points.length,
                clustered: layer.getLayers().length,
                inside: data.points.every((p) => bounds.contains([p.lat, p.lon])),
                clusters: document.querySelectorAll('.marker-cluster').length,
            };
        }"""
    )
    assert shown["points"] == 5 + CLUSTER_PAIRS
    assert shown["clustered"] == shown["points"]  # every city is in the cluster layer
    assert shown["inside"], "the map's view leaves out some of its cities"
    assert 0 < shown["clusters"] < shown["points"]
    assert problems == []
    screenshot(page, request, "country-map")


def test_a_map_of_a_few_points_does_not_cluster(page: Page, app_server: str) -> None:
    page.goto("/cities/5128581/")  # New York and its five starter partners
    map_element = page.locator('[data-map="city-map"]')
    expect(map_element).to_have_attribute("data-ready", "true")
    expect(map_element).to_have_attribute("data-lines", "5")
    assert map_element.locator(".marker-cluster").count() == 0
