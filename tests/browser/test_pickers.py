"""The city picker of a form answers like the search page: typed in Chromium, "Koeln" offers
Köln, "Bombay" Mumbai and "Los Angeles" the Californian city first, each with its country,
division, population and the reason it matched."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.artefacts import screenshot
from tests.browser.conftest import OFFICE_SLUG
from tests.browser.test_office_flow import log_in

pytestmark = pytest.mark.browser


def type_in_city_picker(page: Page, text: str) -> None:
    control = page.locator("select[name=city] + .ts-wrapper .ts-control input")
    control.click()
    control.fill("")
    with page.expect_response(lambda r: "/search/options/city/" in r.url and "q=" in r.url):
        control.fill(text)


@pytest.mark.parametrize(
    ("typed", "first", "detail", "reason"),
    [
        ("Koeln", "Köln", "Germany", "alternate name: Koeln"),
        ("Bombay", "Mumbai", "India", "alternate name: Bombay"),
        ("Los Angeles", "Los Angeles", "California · United States", ""),
    ],
)
def test_the_city_picker_offers_what_the_search_page_finds_first(
    office_page: Page,
    request: pytest.FixtureRequest,
    typed: str,
    first: str,
    detail: str,
    reason: str,
) -> None:
    log_in(office_page)
    office_page.goto(f"/contacts/new/?office={OFFICE_SLUG}")
    type_in_city_picker(office_page, typed)
    options = office_page.locator(".ts-dropdown [data-testid=picker-option]")
    expect(options.first.locator(".picker-label")).to_have_text(first)
    expect(options.first.locator(".picker-detail")).to_contain_text(detail)
    expect(options.first.locator(".picker-detail")).to_contain_text(re.compile(r"pop\. [\d,]+"))
    if reason:
        expect(options.first.locator(".picker-reason")).to_have_text(reason)
    else:
        expect(options.first.locator(".picker-reason")).to_have_count(0)
    # The search page gives the same city first.
    search = office_page.request.get(f"/search/?q={typed}&format=json").json()
    assert search["cities"][0]["name"] == first
    screenshot(office_page, request, f"picker-{typed.replace(' ', '-').lower()}")
    options.first.click()
    expect(office_page.locator("select[name=city] option:checked")).to_have_text(
        re.compile(f"^{first}")
    )


def test_a_list_filter_picks_its_city_by_name(page: Page, request: pytest.FixtureRequest) -> None:
    """The people list's city filter is the same picker: "New York" picks New York City
    and the address keeps its GeoNames id, so the filtered list can be shared as a link."""
    page.goto("/people/")
    page.locator("details.filters summary").click()
    control = page.locator("select[name=city] + .ts-wrapper .ts-control input")
    control.click()
    with page.expect_response(lambda r: "/search/options/city/" in r.url and "q=" in r.url):
        control.fill("New York")
    options = page.locator(".ts-dropdown [data-testid=picker-option]")
    expect(options.first.locator(".picker-label")).to_have_text("New York City")
    screenshot(page, request, "filter-picker-people-city")
    options.first.click()
    chosen = page.locator("select[name=city] option:checked")
    expect(chosen).to_have_attribute("value", "5128581")
    # A plain click on Apply right after choosing: the picker must not change its size as
    # it loses focus, or the button moves between press and release and the click is lost.
    page.locator("form.filter-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"[?&]city=5128581(&|$)"))
    expect(page.locator("table")).to_contain_text("Ed Koch")
    expect(page.locator("table")).not_to_contain_text("Sadiq Khan")
    # The chosen city is shown by name in the reloaded form.
    expect(chosen).to_have_text(re.compile("^New York City"))
