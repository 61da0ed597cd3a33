"""Lists and navigation in Chromium: a column hidden from the city list stays hidden on the
next visit, a shown one appears; a city's agreements sort and filter in place; on a 390 px
screen the navigation folds behind a Menu button and opens on a tap."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.artefacts import screenshot
from tests.browser.conftest import CLUSTER_PAIRS

# Santiago de Chile, the largest Chilean city, holds 14 of the fixture's ties to Argentina.
SANTIAGO = 3871336

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


def test_each_list_remembers_its_own_columns(page: Page, request: pytest.FixtureRequest):
    page.goto("/organisations/")
    table = page.get_by_test_id("list-table")
    themes = table.locator("th[data-column=themes]")
    kind = table.locator("th[data-column=kind]")
    expect(themes).to_be_hidden()  # a wide column, hidden until chosen
    expect(kind).to_be_visible()
    chooser = page.get_by_test_id("column-chooser")
    chooser.locator("summary").click()
    chooser.get_by_label("Themes").check()
    chooser.get_by_label("Kind").uncheck()
    expect(themes).to_be_visible()
    expect(kind).to_be_hidden()
    expect(table.locator("tbody tr").first.locator("td").nth(1)).to_be_hidden()
    page.reload()
    table = page.get_by_test_id("list-table")
    expect(table.locator("th[data-column=themes]")).to_be_visible()
    expect(table.locator("th[data-column=kind]")).to_be_hidden()
    expect(table.locator("tbody tr").first.locator("td").nth(2)).to_be_visible()
    screenshot(page, request, "organisation-list-columns")
    # Another list keeps its own choice: the memberships' Role column is still hidden and
    # their Country column, unlike the organisations' Kind, still shown.
    page.goto("/memberships/")
    table = page.get_by_test_id("list-table")
    expect(table.locator("th[data-column=role]")).to_be_hidden()
    expect(table.locator("th[data-column=country]")).to_be_visible()
    expect(table.locator("th[data-column=details]")).to_be_visible()
    page.get_by_test_id("column-chooser").locator("summary").click()
    page.get_by_test_id("column-chooser").get_by_label("Role").check()
    page.goto("/memberships/?page=2")
    expect(page.get_by_test_id("list-table").locator("th[data-column=role]")).to_be_visible()
    page.goto("/organisations/")
    expect(page.get_by_test_id("list-table").locator("th[data-column=kind]")).to_be_hidden()


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


def test_the_agreement_list_between_two_countries_leads_to_an_agreement(
    page: Page, request: pytest.FixtureRequest
):
    page.goto("/agreements/?country=CL&country=AR")
    rows = page.get_by_test_id("list-table").locator("tbody tr")
    expect(rows.first).to_be_visible()
    first = rows.first
    codes = {first.locator("td").nth(n).locator("small").inner_text() for n in (0, 1)}
    assert codes == {"CL", "AR"}
    screenshot(page, request, "agreement-list")
    names = (
        first.locator("td").nth(0).locator("a").inner_text(),
        first.locator("td").nth(1).locator("a").inner_text(),
    )
    first.get_by_role("link", name="details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{names[0]} \N{EN DASH} {names[1]}")
    screenshot(page, request, "agreement-page")


def test_the_people_list_names_each_office_once(page: Page, request: pytest.FixtureRequest):
    page.goto("/people/")
    table = page.get_by_test_id("list-table")
    expect(table.locator("tbody tr").first).to_be_visible()
    offices = table.locator("tbody tr td:nth-child(2)").all_inner_texts()
    # "Mayor of Minneapolis of Minneapolis" was the old fault: no title repeats its city.
    assert offices and not any(re.search(r"\bof (.+) of \1\b", text) for text in offices)
    screenshot(page, request, "people-list")


def _partners(page: Page) -> list[str]:
    return page.get_by_test_id("agreements").locator("tbody td.partner a").all_inner_texts()


def test_a_citys_agreements_sort_and_filter_in_place(page: Page, request: pytest.FixtureRequest):
    page.goto(f"/cities/{SANTIAGO}/")
    table = page.get_by_test_id("agreements")
    total = table.locator("tbody tr").count()
    assert total >= CLUSTER_PAIRS // 5
    expect(page.get_by_test_id("agreements-shown")).to_have_text(f"{total} of {total} shown")
    sort_by_partner = table.get_by_role("button", name="Partner")
    sort_by_partner.click()
    expect(sort_by_partner).to_have_class(re.compile(r"\basc\b"))
    ascending = _partners(page)
    sort_by_partner.click()
    expect(sort_by_partner).to_have_class(re.compile(r"\bdesc\b"))
    descending = _partners(page)
    assert descending == ascending[::-1] and ascending != descending
    # Filtering on one partner's name keeps its rows, with their links and sources.
    wanted = ascending[0]
    page.get_by_test_id("agreements-filter").fill(wanted)
    expect(table.locator("tbody tr").first.locator("td.partner a")).to_have_text(wanted)
    shown = table.locator("tbody tr").count()
    assert 1 <= shown < total
    assert all(wanted.casefold() in name.casefold() for name in _partners(page))
    expect(page.get_by_test_id("agreements-shown")).to_have_text(f"{shown} of {total} shown")
    expect(table.locator("tbody tr").first.locator("td").last).not_to_be_empty()
    screenshot(page, request, "city-agreements-in-place")
    page.get_by_test_id("agreements-filter").fill("")
    expect(table.locator("tbody tr")).to_have_count(total)


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
