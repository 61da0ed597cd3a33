"""From the search box to a city and its network: the flow a visitor follows, in Chromium.

The numbers on the pages are compared with each page's JSON twin (`?format=json`) rather
than hard-coded, so the tests follow the gazetteer when it is updated.
"""

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from playwright.sync_api import ConsoleMessage, Page, Request, Response, expect

from tests.browser.artefacts import screenshot

pytestmark = pytest.mark.browser

SAO_PAULO = 3448439
C40_MEMBERS = ["São Paulo", "London", "Los Angeles", "New York City"]


def number(text: str) -> int:
    """The whole number shown on a page, whatever its thousands separators ("12,400,232")."""
    digits = re.sub(r"\D", "", text)
    assert digits, f"no number in {text!r}"
    return int(digits)


def json_twin(page: Page) -> dict[str, Any]:
    """The current page's JSON twin, found through its "This page as JSON" link."""
    href = page.get_by_test_id("json-link").get_attribute("href")
    assert href, "the page has no link to its JSON twin"
    response = page.request.get(urljoin(page.url, href))
    assert response.ok, f"{response.url} answered {response.status}"
    return dict(response.json())


def _suggestions_for(query: str) -> Callable[[Response], bool]:
    def matches(response: Response) -> bool:
        parts = urlsplit(response.url)
        return parts.path.endswith("/search/suggest/") and parse_qs(parts.query).get("q") == [query]

    return matches


def suggest(page: Page, query: str, *, keystrokes: bool = False) -> list[str]:
    """Type `query` in the search box; return the city suggestions it brings, in order.

    Waits for the type-ahead answer to exactly this query and for htmx to have swapped it in,
    so the suggestions of an earlier query are never mistaken for it.
    """
    box = page.get_by_test_id("search-input")
    box.fill("")
    expect(page.locator("#suggestions li")).to_have_count(0)
    with page.expect_response(_suggestions_for(query)) as answer:
        if keystrokes:
            box.press_sequentially(query, delay=40)
        else:
            box.fill(query)
    assert answer.value.ok, f"the suggestions for {query!r} answered {answer.value.status}"
    # htmx marks the input with htmx-request until the answer has been swapped in.
    expect(box).not_to_have_class(re.compile(r"\bhtmx-request\b"))
    cities = page.locator("#suggestions [data-testid=suggestion-city]")
    expect(cities.first).to_be_visible()
    return cities.all_inner_texts()


def is_city_in(label: str, name: str, country: str) -> bool:
    """Whether a suggestion label ("Paris, 11, France") names this city in this country."""
    return label.startswith(f"{name},") and label.endswith(f", {country}")


def record_failures(page: Page) -> list[str]:
    """Collect, from now on, the page's failed requests, console errors and script errors."""
    failures: list[str] = []

    def on_response(response: Response) -> None:
        if response.status >= 400:
            failures.append(f"{response.status} {response.url}")

    def on_console(message: ConsoleMessage) -> None:
        # "Failed to load resource" repeats a failed response (or the favicon, which Chromium
        # asks for on its own and the app does not have).
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            failures.append(f"console error: {message.text}")

    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda error: failures.append(f"script error: {error}"))
    return failures


def expect_map_drawn(page: Page, failures: list[str]) -> None:
    """The page loaded whole (scripts, styles) and app.js drew its map with Leaflet."""
    page.wait_for_load_state("load")
    assert not failures, f"{page.url} did not load whole:\n" + "\n".join(failures)
    drawn = page.locator(".map[data-map]")
    expect(drawn).to_have_attribute("data-ready", "true")
    expect(drawn).to_have_class(re.compile(r"\bleaflet-container\b"))


def test_a_visitor_finds_sao_paulo_without_the_accent_and_reaches_its_network(
    page: Page, request: pytest.FixtureRequest
):
    failures = record_failures(page)
    page.goto("/")
    labels = suggest(page, "Sao Paulo", keystrokes=True)
    screenshot(page, request, "home-with-suggestions")

    assert is_city_in(labels[0], "São Paulo", "Brazil"), labels
    first = page.locator("#suggestions [data-testid=suggestion-city]").first
    expect(first).to_have_attribute("href", f"/cities/{SAO_PAULO}/")
    first.click()

    # The city page: name, population, country and region, map, memberships.
    expect(page).to_have_url(re.compile(rf"/cities/{SAO_PAULO}/$"))
    expect(page.get_by_test_id("city-name")).to_have_text("São Paulo")
    city = json_twin(page)
    population = number(page.get_by_test_id("population").inner_text())
    assert population == city["city"]["population"] > 10_000_000
    place = page.locator("hgroup p")
    expect(place.get_by_role("link", name="Brazil")).to_be_visible()
    expect(place).to_contain_text("Latin America and the Caribbean")
    expect_map_drawn(page, failures)
    screenshot(page, request, "city-profile")

    organisation_link = page.get_by_test_id("organisation-link").filter(has_text="C40")
    expect(organisation_link).to_have_count(1)
    organisation_link.click()

    # The organisation page: its name, its members and their weight.
    expect(page).to_have_url(re.compile(r"/organisations/c40/$"))
    expect(page.get_by_test_id("organisation-name")).to_contain_text(
        "C40 Cities Climate Leadership Group"
    )
    member_names = page.locator("[data-testid=members] tbody tr td:first-child")
    expect(member_names).to_have_count(len(C40_MEMBERS))
    assert sorted(member_names.all_inner_texts()) == sorted(C40_MEMBERS)
    expect_map_drawn(page, failures)

    twin = json_twin(page)
    # Each current member city once, with its GeoNames population as the JSON twin gives it.
    current = {
        m["city"]["geonames_id"]: m["city"]["population"] for m in twin["members"] if m["current"]
    }
    member_count = number(page.get_by_test_id("member-count").inner_text())
    combined = number(page.get_by_test_id("combined-population").inner_text())
    assert member_count == twin["counts"]["current_members"] == len(current) == len(C40_MEMBERS)
    assert combined == twin["population"]["current_population"] == sum(current.values())
    assert combined > population
    screenshot(page, request, "organisation-page")

    # The search page gives the same first city as the suggestions, with the other groups.
    page.goto("/search/?q=Sao+Paulo")
    expect(page.get_by_test_id("search-cities").get_by_role("link").first).to_have_attribute(
        "href", f"/cities/{SAO_PAULO}/"
    )
    screenshot(page, request, "search-results")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("query", ["München", "Munich"])
def test_munich_comes_first_whether_written_in_german_or_english(page: Page, query: str):
    page.goto("/")
    labels = suggest(page, query)
    assert is_city_in(labels[0], "Munich", "Germany"), labels


def test_paris_france_comes_before_any_paris_in_the_united_states(page: Page):
    page.goto("/")
    labels = suggest(page, "Paris")
    assert is_city_in(labels[0], "Paris", "France"), labels
    in_us = [i for i, label in enumerate(labels) if label.endswith(", United States")]
    assert all(i > 0 for i in in_us), labels


def test_no_request_leaves_the_machine_on_the_home_city_and_organisation_pages(
    page: Page, app_server: str
):
    requested: list[Request] = []
    failures = record_failures(page)
    page.on("request", lambda request: requested.append(request))

    # "networkidle" also waits for what the scripts fetch after the page has loaded.
    page.goto("/", wait_until="networkidle")
    suggest(page, "Sao Paulo")
    page.goto(f"/cities/{SAO_PAULO}/", wait_until="networkidle")
    page.goto("/organisations/c40/", wait_until="networkidle")

    server = urlsplit(app_server)
    elsewhere = [r.url for r in requested if urlsplit(r.url)[:2] != (server.scheme, server.netloc)]
    assert not elsewhere, "requests to other hosts:\n" + "\n".join(elsewhere)
    assert not failures, "\n".join(failures)
    # What the pages need was indeed fetched (so recorded), from the test server: the
    # scripts, the styles, the type-ahead and the country outlines of the maps.
    paths = {urlsplit(r.url).path for r in requested}
    for expected in (
        "vendor/htmx/htmx.min.js",
        "vendor/leaflet/leaflet.js",
        "vendor/leaflet/leaflet.css",
        "vendor/world-atlas/countries-110m.json",
        "citydiplomacy/app.js",
        "citydiplomacy/app.css",
        "/search/suggest/",
    ):
        assert any(path.endswith(expected) for path in paths), f"{expected} was not requested"
