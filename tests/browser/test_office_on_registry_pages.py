"""The office joined to the registry, in Chromium: signed in, a member sees the office's
panel on a partner city's page and its country's (its contact there, its consular post of
that country), on the page and in its JSON twin, and the dashboard flags a partner the
office has not engaged with as dormant; signed out, or signed in as someone outside the
office, none of it shows."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.artefacts import screenshot
from tests.browser.conftest import CONSULAR_POST, OFFICE_SLUG, OUTSIDER, VISITING_MAYOR
from tests.browser.test_city_search_flow import json_twin
from tests.browser.test_office_flow import log_in

pytestmark = pytest.mark.browser

BERLIN = 2950159


def test_a_member_sees_the_office_panel_on_a_partner_citys_page(
    office_page: Page, request: pytest.FixtureRequest
):
    log_in(office_page)
    office_page.goto(f"/cities/{BERLIN}/")
    panel = office_page.get_by_test_id("office-panel")
    expect(panel).to_be_visible()
    expect(panel.get_by_test_id("office-panel-contacts")).to_contain_text(VISITING_MAYOR)
    panel.get_by_role("link", name=VISITING_MAYOR).click()
    expect(office_page.get_by_role("heading", name=VISITING_MAYOR)).to_be_visible()
    office_page.goto(f"/cities/{BERLIN}/")
    screenshot(office_page, request, "city-page-with-office-panel")


@pytest.mark.parametrize("path", [f"/cities/{BERLIN}/", "/countries/DE/"])
def test_a_member_sees_the_offices_consular_post_of_the_country(office_page: Page, path: str):
    log_in(office_page)
    office_page.goto(path)
    posts = office_page.get_by_test_id("office-panel").get_by_test_id("office-panel-consular-posts")
    expect(posts).to_contain_text(CONSULAR_POST)
    (panel,) = json_twin(office_page)["office_panel"]
    assert [p["label"] for p in panel["consular_posts"]] == [CONSULAR_POST]
    posts.get_by_role("link", name=CONSULAR_POST).click()
    expect(office_page.get_by_role("heading", name=CONSULAR_POST)).to_be_visible()


def test_a_country_without_the_offices_post_lists_none(office_page: Page):
    log_in(office_page)
    office_page.goto("/countries/JP/")
    posts = office_page.get_by_test_id("office-panel-consular-posts")
    expect(posts).to_have_text("None.")
    (panel,) = json_twin(office_page)["office_panel"]
    assert panel["consular_posts"] == []


def _assert_no_office_records(page: Page) -> None:
    expect(page.get_by_test_id("office-panel")).to_have_count(0)
    expect(page.get_by_text(VISITING_MAYOR)).to_have_count(0)
    expect(page.get_by_text(CONSULAR_POST)).to_have_count(0)
    twin = json_twin(page)
    assert "office_panel" not in twin
    assert VISITING_MAYOR not in str(twin) and CONSULAR_POST not in str(twin)


def test_a_visitor_sees_no_office_panel(office_page: Page):
    office_page.goto(f"/cities/{BERLIN}/")
    expect(office_page.get_by_test_id("city-name")).to_have_text("Berlin")
    _assert_no_office_records(office_page)
    office_page.goto("/countries/DE/")
    _assert_no_office_records(office_page)


def test_someone_outside_the_office_sees_no_office_panel(office_page: Page):
    log_in(office_page, OUTSIDER)
    office_page.goto(f"/cities/{BERLIN}/")
    expect(office_page.get_by_test_id("city-name")).to_have_text("Berlin")
    _assert_no_office_records(office_page)
    office_page.goto("/countries/DE/")
    _assert_no_office_records(office_page)
    # Nor the consular corps list: the office's post is not theirs to read.
    office_page.goto("/consular-posts/")
    expect(office_page.get_by_test_id("list-table")).not_to_contain_text("Consul General")
    assert json_twin(office_page)["results"] == []


def test_the_dashboard_flags_a_partner_without_engagements_as_dormant(
    office_page: Page, request: pytest.FixtureRequest
):
    log_in(office_page)
    office_page.goto(f"/offices/{OFFICE_SLUG}/")
    health = office_page.get_by_test_id("partner-health")
    expect(health).to_be_visible()
    nagoya = health.get_by_test_id("partner-row").filter(has_text="Nagoya")
    expect(nagoya.get_by_test_id("dormant")).to_have_text("dormant")
    expect(nagoya).to_contain_text("never")
    expect(health.get_by_test_id("partner-row").filter(has_text="Berlin")).to_have_count(1)
    screenshot(office_page, request, "dashboard-partner-health")
    # The partner page: the relationship with Berlin (its agreement, the contact there).
    office_page.goto(f"/offices/{OFFICE_SLUG}/timeline/cities/{BERLIN}/")
    relationship = office_page.get_by_test_id("relationship")
    expect(relationship.get_by_test_id("relationship-agreements")).to_contain_text("Sister city")
    expect(relationship.get_by_test_id("relationship-contacts")).to_contain_text(VISITING_MAYOR)
    screenshot(office_page, request, "partner-page")
