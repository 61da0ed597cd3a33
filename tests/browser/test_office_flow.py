"""An office's day in Chromium: log in, record a meeting with a visiting mayor, add a follow-up,
see it on the dashboard, log out, and find the meeting gone from every page a visitor reaches."""

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.artefacts import screenshot
from tests.browser.conftest import OFFICE_PASSWORD, OFFICE_SLUG, OFFICE_USER, VISITING_MAYOR
from tests.browser.test_city_search_flow import json_twin, record_failures

pytestmark = pytest.mark.browser

MEETING = "Berlin mayor's visit: climate and trade"
FOLLOW_UP = "Send Berlin the draft memorandum on port emissions"


def log_in(page: Page, username: str = OFFICE_USER) -> None:
    page.goto("/accounts/login/")
    form = page.get_by_test_id("login-form")
    form.get_by_label("Username").fill(username)
    form.get_by_label("Password").fill(OFFICE_PASSWORD)
    form.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("logout")).to_be_visible()


def record_meeting(page: Page, day: dt.date) -> str:
    """From the office dashboard to the visiting mayor's contact page to a new meeting."""
    page.get_by_test_id("nav-offices").click()
    page.get_by_test_id("office-link").first.click()
    expect(page).to_have_url(re.compile(rf"/offices/{OFFICE_SLUG}/$"))
    page.get_by_role("link", name="Contacts", exact=True).click()
    page.get_by_role("link", name=VISITING_MAYOR).click()
    page.get_by_test_id("record-engagement").click()

    form = page.get_by_test_id("record-form")
    # The contact and the partner city come from the contact page, already chosen.
    expect(form.locator("select[name=contacts] option:checked")).to_have_text(
        re.compile(VISITING_MAYOR)
    )
    expect(form.locator("select[name=cities] option:checked")).to_have_text(re.compile("Berlin"))
    form.locator("select[name=kind]").select_option("bilateral-meeting")
    form.get_by_label("Title").fill(MEETING)
    form.get_by_label("Starts on").fill(day.isoformat())
    form.get_by_label("Climate", exact=True).check()
    form.get_by_label("Trade and investment").check()
    form.get_by_label("Summary").fill("The mayor visited City Hall to discuss port emissions.")
    form.get_by_role("button", name="Save").click()

    expect(page.get_by_test_id("engagement-title")).to_have_text(MEETING)
    expect(page.get_by_test_id("participants")).to_contain_text(VISITING_MAYOR)
    return page.url


def add_follow_up(page: Page, due: dt.date) -> None:
    page.get_by_test_id("add-follow-up").click()
    form = page.get_by_test_id("record-form")
    form.get_by_label("What").fill(FOLLOW_UP)
    form.get_by_label("Due on").fill(due.isoformat())
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("engagement-follow-ups")).to_contain_text(FOLLOW_UP)


def test_an_officer_records_a_meeting_and_its_follow_up_which_leave_with_the_session(
    office_page: Page, request: pytest.FixtureRequest
):
    page = office_page
    failures = record_failures(page)
    today = dt.date.today()
    log_in(page)
    meeting_url = record_meeting(page, today - dt.timedelta(days=1))
    add_follow_up(page, today + dt.timedelta(days=7))
    screenshot(page, request, "engagement-page")

    # The dashboard: the follow-up is open, the meeting is among the recent engagements.
    page.get_by_role("link", name="Los Angeles Mayor's Office of International Affairs").click()
    expect(page.get_by_test_id("open")).to_contain_text(FOLLOW_UP)
    expect(page.get_by_test_id("recent")).to_contain_text(MEETING)
    dashboard = json_twin(page)
    assert dashboard["counts"]["open_follow_ups"] == 1
    assert [f["what"] for f in dashboard["open"]] == [FOLLOW_UP]
    screenshot(page, request, "office-dashboard")
    assert not failures, "\n".join(failures)

    page.get_by_test_id("logout").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()

    # Signed out, the meeting is nowhere: its page, the lists, the search, the dashboard.
    assert page.goto(meeting_url).status == 404
    assert page.goto(f"/offices/{OFFICE_SLUG}/").status == 404
    page.goto("/engagements/")
    expect(page.get_by_test_id("result-count")).to_have_text(re.compile(r"^0 results"))
    page.goto("/search/?q=Berlin+mayor")
    expect(page.locator("main")).not_to_contain_text(MEETING)
    suggestions = page.request.get("/search/suggest/?q=Berlin+mayor&format=json").json()
    assert suggestions["engagements"] == [] and suggestions["contacts"] == []
    assert page.goto("/me/follow-ups/").url.split("?")[0].endswith("/accounts/login/")
    history = page.request.get(f"/api/history/?office={OFFICE_SLUG}").json()
    assert history["count"] == 0
