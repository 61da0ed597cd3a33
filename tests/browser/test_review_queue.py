"""The review queue in Chromium: a registry editor settles a provisional place with one
click, and the tie it held is then on the city picked."""

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.artefacts import screenshot
from tests.browser.conftest import (
    INIT_TIMEOUT,
    PAGE_TIMEOUT_MS,
    _app_env,
    _cli,
    _start_server,
    _stop,
)

pytestmark = pytest.mark.browser

EDITOR, PASSWORD = "rita", "a long review-queue password 42"
TAMPERE = 634963
# Springfield has many namesakes in the United States and the row gives no point for it.
PAIRS = "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n" + (
    "Springfield,United States,,,Tampere,Finland,61.5,23.76\n"
)


@pytest.fixture(scope="module")
def review_server() -> Iterator[str]:
    """An app from a fresh database with a registry editor and one imported twin-town row."""
    with tempfile.TemporaryDirectory(
        prefix="citydiplomacy-review-", ignore_cleanup_errors=True
    ) as tmp:
        data_dir = Path(tmp)
        env = {**_app_env(data_dir), "CITYDIPLOMACY_PASSWORD": PASSWORD}
        _cli(env, "init", "-v0", timeout=INIT_TIMEOUT)
        _cli(env, "createuser", EDITOR, "--editor")
        pairs = data_dir / "pairs.csv"
        pairs.write_text(PAIRS, encoding="utf-8")
        _cli(env, "import", "twin-cities", str(pairs), "-v0")
        process, base_url = _start_server(env, data_dir / "serve.log")
        try:
            yield base_url
        finally:
            _stop(process)


@pytest.fixture
def review_page(browser: Browser, review_server: str) -> Iterator[Page]:
    context = browser.new_context(base_url=review_server, locale="en-GB")
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_the_import_run_shows_its_file_and_its_counts(
    review_page: Page, request: pytest.FixtureRequest
) -> None:
    page = review_page
    page.goto("/imports/")
    page.get_by_test_id("list-table").locator("tbody tr").first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("twin-cities")
    expect(page.locator("dl.facts")).to_contain_text("pairs.csv")
    expect(page.locator("dl.facts")).to_contain_text("SHA-256")
    expect(page.locator("main")).to_contain_text("created: 1")
    screenshot(page, request, "import-run")


def test_an_editor_settles_a_provisional_place_with_one_click(
    review_page: Page, request: pytest.FixtureRequest
) -> None:
    page = review_page
    page.goto("/accounts/login/")
    form = page.get_by_test_id("login-form")
    form.get_by_label("Username").fill(EDITOR)
    form.get_by_label("Password").fill(PASSWORD)
    form.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("logout")).to_be_visible()

    page.goto("/cities/review/")
    row = page.get_by_test_id("review-row").filter(has_text="Springfield")
    expect(row).to_contain_text("not yet matched")
    expect(row).to_contain_text("several candidates")
    pick = row.get_by_test_id("pick-candidate").first
    chosen = int(pick.get_attribute("value") or 0)
    screenshot(page, request, "review-queue")
    pick.click()

    expect(page.locator("p.notice.success")).to_contain_text(
        "Springfield, United States: settled as"
    )
    expect(page.get_by_test_id("review-row")).to_have_count(0)
    city = page.request.get(f"/api/cities/{chosen}").json()
    assert city["provisional"] is False and city["agreements"] == 1
    ties = page.request.get(f"/api/agreements/?city={TAMPERE}").json()["results"]
    assert any(
        {tie["city_a"]["geonames_id"], tie["city_b"]["geonames_id"]} == {chosen, TAMPERE}
        for tie in ties
    )
