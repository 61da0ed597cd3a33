"""A city's network view in Chromium: the graph is drawn, and toggling a layer changes it."""

from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

pytestmark = pytest.mark.browser

NEW_YORK = 5128581


def test_toggling_a_layer_on_a_citys_network_view_changes_the_graph(page: Page) -> None:
    errors: list[str] = []
    page.on("console", lambda message: _keep_errors(message, errors))
    page.goto(f"/network/city/{NEW_YORK}/")
    graph = page.get_by_test_id("graph")
    twin: dict[str, Any] = page.request.get(f"/network/city/{NEW_YORK}/?format=json").json()
    twinning_ties = len(twin["graph"]["edges"])
    assert twinning_ties > 0
    expect(graph).to_have_attribute("data-edges", str(twinning_ties))
    expect(graph.locator("canvas").first).to_be_attached()  # cytoscape drew it

    page.get_by_role("checkbox", name="Cities and their organisations").check()
    expect(graph).to_have_attribute("data-layers", "twinning,membership")
    with_memberships = int(graph.get_attribute("data-edges") or 0)
    assert with_memberships > twinning_ties
    assert "layers=twinning%2Cmembership" in page.url or "layers=twinning,membership" in page.url

    page.get_by_role("checkbox", name="Twinning and agreements").uncheck()
    expect(graph).to_have_attribute("data-layers", "membership")
    assert int(graph.get_attribute("data-edges") or 0) == with_memberships - twinning_ties
    assert not errors, errors


# cytoscape.js injects a <style> element for its own container, which the strict CSP
# (style-src 'self') blocks; the graph is drawn without it. Known, and written in
# docs/network.md; every other console error fails the test.
CYTOSCAPE_STYLESHEET = "Applying inline style violates the following Content Security Policy"


def _keep_errors(message: ConsoleMessage, errors: list[str]) -> None:
    if message.type == "error" and not message.text.startswith(CYTOSCAPE_STYLESHEET):
        errors.append(message.text)
