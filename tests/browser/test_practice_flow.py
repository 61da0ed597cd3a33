"""'Who has solved this?': search a practice, open it, see its lineage and its curve."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.artefacts import screenshot

pytestmark = pytest.mark.browser


def test_a_visitor_searches_participatory_budgeting_and_sees_lineage_and_curve(
    page: Page, request: pytest.FixtureRequest
):
    page.goto("/practices/search/")
    page.get_by_role("searchbox").fill("participatory budgeting")
    page.get_by_role("button", name="Search").click()
    results = page.get_by_test_id("search-results")
    expect(results).to_contain_text("Participatory budgeting")
    results.get_by_role("link", name="Participatory budgeting").first.click()
    expect(page).to_have_url(re.compile(r"/practices/participatory-budgeting/$"))
    expect(page.get_by_test_id("lineage")).to_contain_text("Lineage: who learned from whom")
    expect(page.get_by_test_id("curve")).to_contain_text("Adoption over the years")
    expect(page.get_by_test_id("evidence")).to_be_visible()
    screenshot(page, request, "practice-page")
