"""Maps in the browser: a country's map draws a line per tie, and a map of many points (a
country's cities, an organisation's members) gathers them into clusters and fits its bounds
to all of them."""

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.browser.artefacts import screenshot
from tests.browser.conftest import (
    CLUSTER_COUNTRY,
    CLUSTER_MEMBERS,
    CLUSTER_ORGANISATION,
    CLUSTER_PAIRS,
)

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


def test_an_organisations_map_clusters_its_members_and_fits_them(
    page: Page, app_server: str, request: pytest.FixtureRequest
) -> None:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"/organisations/{CLUSTER_ORGANISATION}/")
    map_element = page.locator('[data-map="members-map"]')
    expect(map_element).to_have_attribute("data-ready", "true")
    expect(map_element.locator(".marker-cluster").first).to_be_visible()
    shown = page.evaluate(
        """() => {
            const element = document.querySelector('[data-map="members-map"]');
            const map = element.leafletMap, layer = element.markerLayer;
            const data = JSON.parse(document.getElementById(element.dataset.map).textContent);
            const members = L.latLngBounds(data.points.map((p) => [p.lat, p.lon]));
            const view = map.getBounds();
            // What is drawn at this zoom: each member's cluster, or the member itself. A lone
            // member is a canvas circle, which getVisibleParent does not see (it looks for an
            // icon): it answers null for those.
            const parents = layer.getLayers().map((m) => layer.getVisibleParent(m));
            const clusters = new Set(parents.filter((c) => c !== null));
            const singles = parents.filter((c) => c === null).length;
            const icons = Array.from(element.querySelectorAll('.marker-cluster'));
            const counts = icons.map((c) => Number(c.textContent.trim()));
            // How far each count's disc sits from the centre of its cluster's circle, in px.
            const centre = (box) => [box.left + box.width / 2, box.top + box.height / 2];
            const offsets = icons.map((icon) => {
                const [ox, oy] = centre(icon.getBoundingClientRect());
                const [ix, iy] = centre(icon.firstElementChild.getBoundingClientRect());
                return Math.hypot(ox - ix, oy - iy);
            });
            return {
                points: data.points.length,
                clustered: layer.getLayers().length,
                drawn: clusters.size + singles,
                clusters: clusters.size,
                counts: counts,
                offset: Math.max(...offsets),
                singles: singles,
                inside: data.points.every((p) => view.contains([p.lat, p.lon])),
                // How much wider and taller the view is than the members' own bounds.
                wider: (view.getEast() - view.getWest())
                    / (members.getEast() - members.getWest()),
                taller: (view.getNorth() - view.getSouth())
                    / (members.getNorth() - members.getSouth()),
            };
        }"""
    )
    assert shown["points"] == CLUSTER_MEMBERS
    assert shown["clustered"] == CLUSTER_MEMBERS  # every member is in the cluster layer
    assert 0 < shown["drawn"] < CLUSTER_MEMBERS / 4, "the members are not gathered"
    # Each cluster shows how many members it holds; with the single markers they add up.
    assert len(shown["counts"]) == shown["clusters"] > 0
    assert all(count >= 2 for count in shown["counts"])
    assert shown["offset"] <= 1, "a cluster's count is drawn off its circle"
    assert sum(shown["counts"]) + shown["singles"] == CLUSTER_MEMBERS
    assert shown["inside"], "the map's view leaves out some of its members"
    # Fitted to Germany, not the world: at most a few times the members' extent.
    assert shown["wider"] < 4 and shown["taller"] < 4, shown
    assert problems == []
    screenshot(page, request, "organisation-map")
