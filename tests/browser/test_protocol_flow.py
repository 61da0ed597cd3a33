"""A protocol officer's visit in Chromium: receive a request, approve it, add two programme
items, record a gift, open the briefing and download its PDF."""

import datetime as dt
import io

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.conftest import VISITING_MAYOR
from tests.browser.test_city_search_flow import record_failures
from tests.browser.test_office_flow import log_in

pytestmark = pytest.mark.browser

VISIT = "Berlin delegation on port emissions"


def receive_request(page: Page, first_day: dt.date) -> None:
    page.goto("/visits/")
    page.get_by_test_id("new-visit").click()
    form = page.get_by_test_id("record-form")
    form.locator("select[name=kind]").select_option("inbound-delegation")
    form.get_by_label("Title").fill(VISIT)
    form.get_by_label("First day").fill(first_day.isoformat())
    form.get_by_label("Last day").fill((first_day + dt.timedelta(days=1)).isoformat())
    form.locator("select[name=requester_kind]").select_option("partner-city")
    form.locator("select[name=requester_contact]").select_option(index=1)  # the only contact
    form.get_by_label("Principal", exact=True).fill(f"Mayor {VISITING_MAYOR}")
    form.get_by_label("Purpose").fill("Port emissions and trade.")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("visit-title")).to_have_text(VISIT)
    expect(page.get_by_test_id("visit-status")).to_have_text("requested")


def add_programme_item(page: Page, title: str, start: dt.datetime, hours: int) -> None:
    page.get_by_test_id("add-programme-item").click()
    form = page.get_by_test_id("record-form")
    form.get_by_label("Title").fill(title)
    form.get_by_label("Starts at").fill(start.strftime("%Y-%m-%dT%H:%M"))
    form.get_by_label("Ends at").fill(
        (start + dt.timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")
    )
    form.get_by_label("Place").fill("City Hall")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("programme")).to_contain_text(title)


def test_a_protocol_officer_takes_a_visit_from_request_to_briefing_pdf(office_page: Page):
    page = office_page
    failures = record_failures(page)
    first_day = dt.date.today() + dt.timedelta(days=30)
    log_in(page)
    receive_request(page, first_day)

    page.get_by_test_id("step-form").locator("select[name=status]").select_option("approved")
    page.get_by_role("button", name="Record the step").click()
    expect(page.get_by_test_id("visit-status")).to_have_text("approved")
    expect(page.get_by_test_id("steps")).to_contain_text("approved")
    visit_url = page.url

    morning = dt.datetime.combine(first_day, dt.time(9, 30))
    add_programme_item(page, "Welcome by the mayor", morning, 1)
    add_programme_item(page, "Port of Los Angeles tour", morning + dt.timedelta(days=1), 3)

    page.get_by_test_id("record-gift").click()
    form = page.get_by_test_id("record-form")
    form.get_by_label("Date").fill(first_day.isoformat())
    form.locator("select[name=direction]").select_option("received")
    form.locator("input[name=giver]").fill(VISITING_MAYOR)
    form.locator("input[name=recipient]").fill("The Mayor of Los Angeles")
    form.get_by_label("Description").fill("Porcelain bear from Berlin")
    form.get_by_label("Estimated value").fill("240")
    form.get_by_label("Currency").fill("EUR")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_text("must be declared")).to_be_visible()

    page.goto(visit_url)
    page.get_by_test_id("open-briefing").click()
    expect(page.get_by_test_id("briefing-title")).to_contain_text(VISIT)
    expect(page.get_by_test_id("office-only").first).to_contain_text("Office-only")
    expect(page.get_by_test_id("programme")).to_contain_text("Port of Los Angeles tour")
    with page.expect_download() as download:
        page.get_by_test_id("briefing-pdf").click()
    path = download.value.path()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)
    assert "Berlin" in text and "Porcelain bear from Berlin" in text
    assert "Welcome by the mayor" in text and "OFFICE-ONLY" in text
    assert not failures, failures
