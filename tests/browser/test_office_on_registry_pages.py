"""The office joined to the registry, in Chromium: signed in, a member sees the office's
panel on a partner city's page (its contact there), and the dashboard flags a partner the
office has not engaged with as dormant; signed out, none of it shows."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.artefacts import screenshot
from tests.browser.conftest import OFFICE_SLUG, VISITING_MAYOR
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


def test_a_visitor_sees_no_office_panel(office_page: Page):
    office_page.goto(f"/cities/{BERLIN}/")
    expect(office_page.get_by_test_id("city-name")).to_have_text("Berlin")
    expect(office_page.get_by_test_id("office-panel")).to_have_count(0)
    expect(office_page.get_by_text(VISITING_MAYOR)).to_have_count(0)


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
