"""Lists and navigation in Chromium: a column hidden from the city list stays hidden on the
next visit, a shown one appears; on a 390 px screen the navigation folds behind a Menu
button and opens on a tap."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.artefacts import screenshot

pytestmark = pytest.mark.browser


def test_the_city_list_remembers_the_columns_chosen(page: Page, request: pytest.FixtureRequest):
    page.goto("/cities/")
    table = page.get_by_test_id("list-table")
    population = table.locator("th[data-column=population]")
    timezone = table.locator("th[data-column=timezone]")
    expect(population).to_be_visible()
    expect(timezone).to_be_hidden()  # hidden until chosen
    chooser = page.get_by_test_id("column-chooser")
    chooser.locator("summary").click()
    chooser.get_by_label("Population").uncheck()
    chooser.get_by_label("Time zone").check()
    expect(population).to_be_hidden()
    expect(table.locator("tbody tr").first.locator("td").nth(3)).to_be_hidden()
    expect(timezone).to_be_visible()
    # The choice is remembered: another page of the list, or a later visit, shows the same.
    page.goto("/cities/?page=2")
    expect(page.get_by_test_id("list-table").locator("th[data-column=population]")).to_be_hidden()
    expect(page.get_by_test_id("list-table").locator("th[data-column=timezone]")).to_be_visible()
    expect(
        page.get_by_test_id("list-table").locator("tbody tr").first.locator("td").nth(7)
    ).not_to_be_empty()
    screenshot(page, request, "city-list-columns")


def test_the_city_list_sorts_by_agreements_and_pages_by_number(
    page: Page, request: pytest.FixtureRequest
):
    page.goto("/cities/")
    page.get_by_test_id("list-table").get_by_role("link", name="Agreements").click()
    expect(page).to_have_url(re.compile(r"sort=agreements"))
    pagination = page.get_by_test_id("pagination")
    pagination.get_by_role("link", name="Last page", exact=False).click()
    expect(page.get_by_test_id("pagination").locator("[aria-current=page]")).to_be_visible()
    screenshot(page, request, "city-list-last-page")


def test_the_navigation_folds_on_a_small_screen(
    browser: Browser, app_server: str, request: pytest.FixtureRequest
):
    context = browser.new_context(base_url=app_server, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto("/")
        nav = page.get_by_test_id("main-nav")
        toggle = page.get_by_test_id("nav-toggle")
        expect(toggle).to_be_visible()
        expect(nav).to_be_hidden()
        screenshot(page, request, "small-screen-folded")
        toggle.click()
        expect(nav).to_be_visible()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        screenshot(page, request, "small-screen-open")
        nav.get_by_role("link", name="Agreements").click()
        expect(page.get_by_test_id("list-table")).to_be_visible()
    finally:
        context.close()


def test_the_navigation_shows_in_full_on_a_wide_screen(page: Page):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/")
    expect(page.get_by_test_id("nav-toggle")).to_be_hidden()
    expect(page.get_by_test_id("main-nav")).to_be_visible()
