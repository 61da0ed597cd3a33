"""Filters that name a record are pickers: the page offers a searchable box, the address
keeps the record's key (`?city=5128581` still works), and a key that names nothing is a
filter error (422 with the message beside the field), never a 500. For an office's private
records the choices are the visitor's offices' own: another office's record is neither
offered nor accepted, and is refused with the very message an unknown key gets."""

import datetime as dt

import pytest

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.commitments.services import commitment_record
from citydiplomacy.contacts.services import consular_post_create
from citydiplomacy.engagements.services import engagement_create
from citydiplomacy.geo.models import Country
from tests.conftest import BERLIN, NEW_YORK, PARIS, TOKYO

pytestmark = pytest.mark.django_db

NO_CITY = 987654321
NO_CITY_MESSAGE = f"No city has the GeoNames id {NO_CITY}."


def _names(client, path, key="name"):
    response = client.get(path)
    assert response.status_code == 200, response.content[:300]
    return {row[key] for row in response.json()["results"]}


def _refused(client, path, name, message):
    """The API and the page's JSON twin answer 422 naming the filter; the page shows the
    message beside the field."""
    api = client.get(f"/api{path}")
    assert api.status_code == 422
    assert api.json()["errors"][name] == [message]
    twin = client.get(path + "&format=json")
    assert twin.status_code == 422 and twin.json()["errors"][name] == [message]
    page = client.get(path)
    assert page.status_code == 422
    assert message in page.content.decode()


def test_people_by_the_city_they_held_office_in(client):
    assert "Ed Koch" in _names(client, f"/api/people/?city={NEW_YORK}")
    assert "Ed Koch" not in _names(client, f"/api/people/?city={PARIS}")
    page = client.get(f"/people/?city={NEW_YORK}").content.decode()
    # A picker over the city options, showing the chosen city by name.
    assert 'data-options-url="/search/options/city/"' in page
    assert "Ed Koch" in page and "New York City" in page
    assert "GeoNames id" not in page.split("<table")[0]
    _refused(client, f"/people/?city={NO_CITY}", "city", NO_CITY_MESSAGE)
    _refused(client, "/people/?city=Berlin", "city", "No city has the GeoNames id Berlin.")
    huge = "9" * 20  # beyond SQLite's 64-bit integers: the page's picker must not fail on it
    _refused(client, f"/people/?city={huge}", "city", f"No city has the GeoNames id {huge}.")
    # The agreement list's city picker, the pattern these follow, answers a word the same way.
    _refused(client, "/agreements/?city=Berlin", "city", "No city has the GeoNames id Berlin.")


def test_terms_by_person_slug_and_city(client):
    terms = client.get("/api/terms/?person=ed-koch").json()["results"]
    assert terms and {t["person"]["slug"] for t in terms} == {"ed-koch"}
    assert _names(client, f"/api/terms/?city={NEW_YORK}", "title") >= {"Mayor of New York City"}
    refused = client.get("/api/terms/?person=nobody-at-all")
    assert refused.status_code == 422
    assert refused.json()["errors"]["person"] == ["No person has the slug nobody-at-all."]


@pytest.fixture
def commitments(city, cite, system):
    paris = commitment_record(
        city=city(PARIS), kind="net-zero", target_year=2050, citations=cite, actor=system
    )
    berlin = commitment_record(
        city=city(BERLIN), kind="net-zero", target_year=2045, citations=cite, actor=system
    )
    return paris, berlin


def _ids(client, path):
    return {row["id"] for row in client.get(path).json()["results"]}


def test_commitments_by_city_and_progress_by_commitment(client, commitments):
    paris, _ = commitments
    assert _ids(client, f"/api/commitments/?city={PARIS}") == {paris.pk}
    page = client.get(f"/commitments/?city={BERLIN}").content.decode()
    assert 'data-options-url="/search/options/city/"' in page and "Berlin" in page
    assert client.get(f"/api/progress-reports/?commitment={paris.pk}").status_code == 200
    _refused(client, f"/commitments/?city={NO_CITY}", "city", NO_CITY_MESSAGE)
    unknown = client.get("/api/progress-reports/?commitment=987654")
    assert unknown.status_code == 422
    assert unknown.json()["errors"]["commitment"] == ["No commitment has the id 987654."]


def test_commitment_and_agreement_options_come_from_the_city_search(client, commitments):
    paris, _ = commitments
    found = client.get("/search/options/commitment/?q=Parigi").json()["results"]
    assert found[0]["value"] == paris.pk
    assert found[0]["reason"] == "alternate name: Parigi"
    tokyo = Agreement.objects.get(city_a_id=TOKYO, city_b_id=NEW_YORK)  # the lower id first
    options = client.get("/search/options/agreement/?q=Tokio").json()["results"]
    assert tokyo.pk in [o["value"] for o in options]
    assert {o["reason"] for o in options} == {"alternate name: Tokio"}


@pytest.fixture
def shared_engagement(la_office, la_records, city, system):
    """A public engagement of the Los Angeles office about New York and Tokyo's agreement,
    held in Paris."""
    agreement = Agreement.objects.get(city_a_id=TOKYO, city_b_id=NEW_YORK)
    return engagement_create(
        office=la_office,
        kind="conference",
        title="Harbour cities forum",
        starts_on=dt.date(2026, 4, 1),
        city=city(PARIS),
        cities=[city(TOKYO)],
        agreements=[agreement],
        visibility="public",
        actor=system,
    ), agreement


def _titles(client, path):
    return _names(client, path, "title")


def test_engagements_by_agreement_place_and_partner_city(client, shared_engagement):
    engagement, agreement = shared_engagement
    assert _titles(client, f"/api/engagements/?agreement={agreement.pk}") == {engagement.title}
    assert _titles(client, f"/api/engagements/?city={PARIS}") == {engagement.title}
    assert engagement.title in _titles(client, f"/api/engagements/?partner_city={TOKYO}")
    assert _titles(client, f"/api/engagements/?partner_city={BERLIN}") == set()
    page = client.get(f"/engagements/?agreement={agreement.pk}").content.decode()
    assert 'data-options-url="/search/options/agreement/"' in page
    assert str(agreement) in page  # the chosen agreement, by name
    _refused(client, f"/engagements/?partner_city={NO_CITY}", "partner_city", NO_CITY_MESSAGE)
    _refused(
        client, "/engagements/?agreement=987654", "agreement", "No agreement has the id 987654."
    )


CONTACT_REFUSED = "No contact of your offices has the id {}."
ENGAGEMENT_REFUSED = "No engagement of your offices has the id {}."


def test_a_member_filters_by_their_offices_contact_and_engagement(login, la_editor, la_records):
    member = login(la_editor)
    contact, engagement = la_records.contact, la_records.engagement
    assert _titles(member, f"/api/engagements/?contact={contact.pk}") == {engagement.title}
    follow_ups = member.get(f"/api/follow-ups/?engagement={engagement.pk}").json()["results"]
    assert [f["what"] for f in follow_ups] == [la_records.follow_up.what]
    page = member.get(f"/engagements/?contact={contact.pk}").content.decode()
    assert 'data-options-url="/search/options/contact/"' in page
    assert contact.name in page
    page = member.get(f"/follow-ups/?engagement={engagement.pk}").content.decode()
    assert 'data-options-url="/search/options/engagement/"' in page
    found = member.get("/search/options/engagement/?q=Quixotic").json()["results"]
    assert [o["value"] for o in found] == [engagement.pk]
    assert [
        o["value"] for o in member.get("/search/options/contact/?q=Zebulon").json()["results"]
    ] == [contact.pk]


def test_a_consular_post_by_its_holder(login, la_office, la_editor, la_records, system):
    post = consular_post_create(
        office=la_office,
        country=Country.objects.get(pk="JP"),
        holder=la_records.contact,
        actor=system,
    )
    member = login(la_editor)
    found = member.get(f"/api/consular-posts/?holder={la_records.contact.pk}").json()["results"]
    assert [p["id"] for p in found] == [post.pk]
    page = member.get(f"/consular-posts/?holder={la_records.contact.pk}").content.decode()
    assert 'data-options-url="/search/options/contact/"' in page
    _refused(member, "/consular-posts/?holder=987654", "holder", CONTACT_REFUSED.format(987654))


@pytest.fixture(params=["another office", "anonymous"])
def stranger(request, client, login, paris_editor):
    return login(paris_editor) if request.param == "another office" else client


def test_another_offices_records_are_neither_offered_nor_accepted(stranger, la_records):
    contact, engagement = la_records.contact, la_records.engagement
    assert stranger.get("/search/options/contact/?q=Zebulon").json()["results"] == []
    assert stranger.get("/search/options/engagement/?q=Quixotic").json()["results"] == []
    # Refused exactly as an id that names nothing, so the filter tells no one it exists.
    for path, name, message in [
        (f"/engagements/?contact={contact.pk}", "contact", CONTACT_REFUSED.format(contact.pk)),
        (
            f"/engagements/?contact={contact.pk + 1000}",
            "contact",
            CONTACT_REFUSED.format(contact.pk + 1000),
        ),
        (
            f"/follow-ups/?engagement={engagement.pk}",
            "engagement",
            ENGAGEMENT_REFUSED.format(engagement.pk),
        ),
        (f"/consular-posts/?holder={contact.pk}", "holder", CONTACT_REFUSED.format(contact.pk)),
    ]:
        api = stranger.get(f"/api{path}")
        assert api.status_code == 422, path
        assert api.json()["errors"][name] == [message]
        assert contact.name not in api.content.decode()


def test_an_export_filters_by_the_exporting_members_contact(login, la_editor, la_records):
    csv = b"".join(
        login(la_editor)
        .get(f"/export/engagements.csv?contact={la_records.contact.pk}")
        .streaming_content
    ).decode()
    assert la_records.engagement.title in csv
