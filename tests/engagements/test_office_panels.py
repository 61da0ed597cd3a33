"""The office joined to the registry: a member sees the office's dealings on a partner
city's and country's page, and its partners' health on the dashboard (dormant past the
threshold the office sets); nobody else sees any of it."""

import datetime as dt

import pytest

from citydiplomacy.agreements.services import agreement_record
from tests.conftest import (
    BERLIN,
    LOS_ANGELES,
    SECRET_CONTACT,
    SECRET_ENGAGEMENT,
    SECRET_FOLLOW_UP,
    TOKYO,
)

pytestmark = pytest.mark.django_db


def test_a_member_sees_the_office_panel_on_a_partner_citys_page(login, la_viewer, la_records):
    html = login(la_viewer).get(f"/cities/{TOKYO}/").content.decode()
    panel = html.split('data-testid="office-panel"')[1].split("</section>")[0]
    assert "Last engagement 2026-03-02" in panel
    assert SECRET_ENGAGEMENT in panel and SECRET_FOLLOW_UP in panel and SECRET_CONTACT in panel


def test_the_panel_is_in_the_json_twin_for_members(login, la_viewer, la_records):
    data = login(la_viewer).get(f"/cities/{TOKYO}/?format=json").json()
    assert data["office_panel"][0]["last_engagement"] == "2026-03-02"
    assert data["office_panel"][0]["engagement_count"] == 1


def test_the_country_page_shows_the_office_panel_too(login, la_viewer, la_records):
    html = login(la_viewer).get("/countries/JP/").content.decode()
    assert 'data-testid="office-panel"' in html and SECRET_ENGAGEMENT in html


@pytest.mark.parametrize("who", ["anonymous", "paris_editor", "reader"])
def test_nobody_else_sees_the_panel(client, login, la_records, paris_editor, reader, who):
    visitor = {"anonymous": client, "paris_editor": login(paris_editor), "reader": login(reader)}[
        who
    ]
    for url in (f"/cities/{TOKYO}/", f"/cities/{TOKYO}/?format=json", "/countries/JP/"):
        body = visitor.get(url).content.decode()
        assert SECRET_ENGAGEMENT not in body and SECRET_CONTACT not in body
        assert ("office-panel" not in body and "office_panel" not in body) or who == "paris_editor"


def test_another_offices_member_sees_only_their_own_offices_panel(login, paris_editor, la_records):
    data = login(paris_editor).get(f"/cities/{TOKYO}/?format=json").json()
    assert [view["office"]["slug"] for view in data["office_panel"]] == ["paris"]
    assert data["office_panel"][0]["engagement_count"] == 0


def test_the_city_page_with_the_panel_takes_a_bounded_number_of_queries(
    login, la_viewer, la_records, django_assert_max_num_queries
):
    member = login(la_viewer)
    member.get(f"/cities/{TOKYO}/")
    with django_assert_max_num_queries(30):
        member.get(f"/cities/{TOKYO}/")


@pytest.fixture
def la_partners(la_records, city, cite, system):
    for partner in (TOKYO, BERLIN):
        agreement_record(
            city_a=city(LOS_ANGELES),
            city_b=city(partner),
            signed="1959",
            citations=cite,
            actor=system,
        )


def partners(client) -> dict[str, dict]:
    data = client.get("/offices/la/?format=json").json()
    return {row["name"]: row for row in data["partner_health"]["partners"]}


def test_the_dashboard_lists_the_partners_with_their_last_engagement(login, la_viewer, la_partners):
    rows = partners(login(la_viewer))
    assert rows["Tokyo"]["last_engagement"] == "2026-03-02"
    assert rows["Berlin"]["last_engagement"] is None


def test_a_partner_without_engagements_past_the_threshold_is_dormant(login, la_viewer, la_partners):
    rows = partners(login(la_viewer))
    assert rows["Berlin"]["dormant"] is True
    recent = dt.date.fromisoformat(rows["Tokyo"]["last_engagement"])
    assert rows["Tokyo"]["dormant"] is (recent < dt.date.today() - dt.timedelta(days=24 * 31))
    html = login(la_viewer).get("/offices/la/").content.decode()
    assert 'data-testid="dormant"' in html


def test_the_office_admin_sets_the_threshold_and_the_flags_follow(login, la_admin, la_partners):
    admin = login(la_admin)
    version = admin.get("/offices/la/?format=json").json()["office"]["version"]
    response = admin.post("/offices/la/dormancy/", {"months": 1, "version": version})
    assert response.status_code == 302
    data = admin.get("/offices/la/?format=json").json()["partner_health"]
    assert data["dormant_after_months"] == 1
    assert all(row["dormant"] for row in data["partners"])


def test_a_viewer_cannot_set_the_threshold(login, la_viewer, la_partners):
    member = login(la_viewer)
    version = member.get("/offices/la/?format=json").json()["office"]["version"]
    response = member.post("/offices/la/dormancy/", {"months": 1, "version": version})
    assert response.status_code in (302, 403)
    assert (
        member.get("/offices/la/?format=json").json()["partner_health"]["dormant_after_months"]
        == 24
    )


def test_an_out_of_range_threshold_is_refused_with_a_message(login, la_admin, la_partners):
    admin = login(la_admin)
    version = admin.get("/offices/la/?format=json").json()["office"]["version"]
    response = admin.post("/offices/la/dormancy/", {"months": 0, "version": version}, follow=True)
    assert "greater than or equal to 1" in response.content.decode()


def test_the_dashboard_with_partners_takes_a_bounded_number_of_queries(
    login, la_viewer, la_partners, django_assert_max_num_queries
):
    member = login(la_viewer)
    member.get("/offices/la/")
    with django_assert_max_num_queries(30):
        member.get("/offices/la/")


def test_the_panel_lists_the_offices_consular_post_of_the_country_to_members_only(
    client, login, la_office, la_viewer, paris_editor, reader, system
):
    from citydiplomacy.contacts.services import consular_post_create
    from citydiplomacy.geo.models import Country

    consular_post_create(
        office=la_office, country=Country.objects.get(pk="JP"), holder_title="Consul", actor=system
    )
    for url in (f"/cities/{TOKYO}/?format=json", "/countries/JP/?format=json"):
        (panel,) = login(la_viewer).get(url).json()["office_panel"]
        assert [p["label"] for p in panel["consular_posts"]] == ["Consulate general of Japan"]
    (panel,) = login(la_viewer).get(f"/cities/{BERLIN}/?format=json").json()["office_panel"]
    assert panel["consular_posts"] == []  # Japan's post is not Germany's
    for visitor in (client, login(paris_editor), login(reader)):
        for url in (f"/cities/{TOKYO}/", f"/cities/{TOKYO}/?format=json", "/countries/JP/"):
            assert "Consulate general of Japan" not in visitor.get(url).content.decode()
