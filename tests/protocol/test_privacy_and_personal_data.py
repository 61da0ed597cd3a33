"""Protocol records stay with their office on every path; a contact's data includes them.

The privacy matrix (tests/offices/test_private_records_matrix.py) covers the registered kinds
(visits, programme items, gifts) on their pages, API, exports, search and history; here are
the paths it cannot derive: partner briefings, the calendar page and the rules page."""

import pytest
from django.contrib.auth.models import User

from citydiplomacy.contacts.erasure import contact_erase
from citydiplomacy.contacts.selectors import contact_export
from citydiplomacy.core import extensions
from citydiplomacy.protocol.models import DelegationMember, Gift, Visit
from citydiplomacy.protocol.services import delegation_member_create, gift_create
from tests.protocol.conftest import QUILLERTON

pytestmark = pytest.mark.django_db

MARKER = "Quixotic"


def body(response):
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode(errors="replace")


@pytest.fixture(params=["member of another office", "officeless user", "anonymous visitor"])
def outsider(request, client, login, paris_editor):
    if request.param == "member of another office":
        return login(paris_editor)
    if request.param == "officeless user":
        return login(User.objects.create_user(username="nobody"))
    return client


def test_outsiders_get_no_partner_briefing_html_json_or_pdf(partner, outsider):
    for partner_path in (f"cities/{QUILLERTON}", "countries/nz"):
        for suffix in ("", "?format=json", "briefing.pdf"):
            url = f"/offices/la/briefings/{partner_path}/{suffix}"
            response = outsider.get(url)
            assert response.status_code in (404, 302), url
            assert "Quillerton port talks" not in body(response)
    assert outsider.get("/offices/la/calendar/").status_code in (404, 302)
    assert outsider.get("/offices/la/protocol-rules/?format=json").status_code == 404


def test_outsiders_can_neither_create_nor_revoke_an_offices_calendar_address(
    la_office, la_viewer, outsider
):
    from citydiplomacy.protocol.models import CalendarFeed

    mine = a_feed(la_office, la_viewer)
    for data in ({"action": "create"}, {"action": "revoke", "feed": mine.pk}):
        response = outsider.post("/offices/la/calendar/", data)
        assert response.status_code in (404, 302), data
        assert not response.context or not response.context.get("new_url")
    assert CalendarFeed.objects.get().revoked_at is None
    assert CalendarFeed.objects.count() == 1


def a_feed(office, user):
    from citydiplomacy.core.history.models import Via
    from citydiplomacy.core.history.services import Actor
    from citydiplomacy.protocol.services import calendar_feed_create

    feed, _ = calendar_feed_create(office, actor=Actor(via=Via.WEB, user=user))
    return feed


def test_search_finds_visits_for_members_only(la_office, la_viewer, paris_editor, login, system):
    extensions.private_kinds.get("visit").example(la_office, system, MARKER)
    provider = extensions.search.get("visits")
    assert provider.private
    assert provider.search("Quixotic", 10, la_viewer)
    assert provider.search("Quixotic", 10, paris_editor) == []


def test_a_contacts_export_and_erasure_include_their_visits_delegations_and_gifts(
    visit, partner, la_office, editor_actor, admin_actor
):
    envoy = partner.envoy
    delegation_member_create(
        visit=visit, contact=envoy, bio="Pettifer leads the port board.", actor=editor_actor
    )
    gift_create(
        office=la_office,
        given_on=visit.starts_on,
        direction="given",
        giver="Mayor",
        recipient="Wilhelmina Pettifer",
        recipient_contact=envoy,
        description="Book of the city for Pettifer",
        actor=editor_actor,
    )
    exported = contact_export(envoy)
    assert [v["id"] for v in exported["visits"]] == [visit.pk]
    assert exported["visits"][0]["requester"] is True
    assert exported["delegations"][0]["name"] == "Wilhelmina Pettifer"
    assert exported["gifts"][0]["recipient"] == "Wilhelmina Pettifer"

    contact_erase(envoy, actor=admin_actor)
    visit.refresh_from_db()
    assert visit.requester_contact is None
    member = DelegationMember.objects.get()
    assert member.contact is None and "Pettifer" not in member.name + member.bio
    gift = Gift.objects.get()
    assert gift.recipient_contact is None
    assert "Pettifer" not in gift.recipient + gift.description
    assert Visit.objects.filter(pk=visit.pk).exists()
