"""Contacts and the consular corps of the office's city: forms, rules and lists."""

import pytest

from citydiplomacy.contacts.models import ConsularPost, Contact
from citydiplomacy.contacts.services import consular_post_create, contact_create
from citydiplomacy.geo.models import Country
from tests.conftest import TOKYO

pytestmark = pytest.mark.django_db


def test_an_editor_records_a_contact_whose_country_follows_the_city(login, la_editor):
    response = login(la_editor).post(
        "/contacts/new/",
        {
            "office": "la",
            "name": "Akira Sato",
            "kind": "diplomat",
            "title": "Consul General of Japan",
            "organisation": "c40",
            "city": TOKYO,
            "languages": "Japanese, English",
            "email": "akira@example.jp",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get(name="Akira Sato")
    assert contact.country_id == "JP" and contact.organisation.slug == "c40"


def test_editing_a_contact_keeps_its_registry_organisation(login, la_editor):
    client = login(la_editor)
    client.post(
        "/contacts/new/", {"office": "la", "name": "Ana", "kind": "other", "organisation": "c40"}
    )
    contact = Contact.objects.get(name="Ana")
    form = client.get(f"/contacts/{contact.pk}/edit/").content.decode()
    assert 'value="c40" selected' in form
    response = client.post(
        f"/contacts/{contact.pk}/edit/",
        {"office": "la", "name": "Ana B.", "kind": "other", "organisation": "c40", "version": 1},
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.name, contact.organisation.slug, contact.version) == ("Ana B.", "c40", 2)


def test_a_contact_whose_city_is_in_another_country_is_refused(login, la_editor):
    response = login(la_editor).post(
        "/api/contacts/",
        {"office": "la", "name": "X", "city": TOKYO, "country": "FR"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"]["country"] == ["The contact's city lies in another country."]


def test_an_editor_records_the_consular_corps_of_the_offices_city(
    login, la_editor, la_records, system
):
    client = login(la_editor)
    response = client.post(
        "/consular-posts/new/",
        {
            "office": "la",
            "country": "JP",
            "kind": "consulate-general",
            "holder": la_records.contact.pk,
            "holder_title": "Consul General",
            "since": "2024-04",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    consular_post_create(
        office=la_records.contact.office,
        country=Country.objects.get(pk="IS"),
        kind="honorary-consulate",
        since="2001",
        until="2019",
        actor=system,
    )
    data = client.get("/consular-posts/?office=la&current=true&format=json").json()
    assert [(p["country"]["iso2"], p["holder"]["name"]) for p in data["results"]] == [
        ("JP", la_records.contact.name)
    ]
    ended = client.get("/consular-posts/?current=false&format=json").json()
    assert [p["country"]["iso2"] for p in ended["results"]] == ["IS"]


def test_a_post_held_by_another_offices_contact_or_of_the_citys_own_country_is_refused(
    login, la_editor, la_office, paris_office, system
):
    theirs = contact_create(office=paris_office, name="Someone", actor=system)
    response = login(la_editor).post(
        "/api/consular-posts/",
        {"office": "la", "country": "US", "holder": theirs.pk},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"]["holder"] == [f"No contact {theirs.pk} in this office."]
    own = login(la_editor).post(
        "/api/consular-posts/", {"office": "la", "country": "US"}, content_type="application/json"
    )
    assert own.status_code == 422
    assert own.json()["errors"]["country"] == ["A country has no consular post in its own city."]
    assert not ConsularPost.objects.exists()


def test_deleting_a_contact_unlinks_them_from_engagements_and_posts_in_the_history(
    login, la_editor, la_records, system
):
    contact = la_records.contact
    post = consular_post_create(
        office=contact.office, country=Country.objects.get(pk="JP"), holder=contact, actor=system
    )
    response = login(la_editor).post(f"/contacts/{contact.pk}/delete/", {"version": 1})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.holder is None and post.version == 2
    assert list(la_records.engagement.contacts.all()) == []
    history = login(la_editor).get(f"/history/contacts.contact/{contact.pk}/?format=json").json()
    assert history["changes"][0]["action"] == "delete" and history["changes"][0]["actor"] == (
        "la-editor"
    )
