"""The web forms create and edit each kind of record through the services, with sources."""

import pytest

from citydiplomacy.geo.models import City
from citydiplomacy.organisations.models import Membership, Organisation
from citydiplomacy.people.models import OfficeHeld, Person
from citydiplomacy.sources.models import Source
from tests.conftest import LONDON, SAO_PAULO

pytestmark = pytest.mark.django_db


def test_an_editor_creates_an_organisation_citing_a_new_source(editor_client):
    response = editor_client.post(
        "/organisations/new/",
        {
            "name": "Mayors for Peace",
            "acronym": "MfP",
            "kind": "city-network",
            "themes": ["peace"],
            "founded": "1982",
            "new_source_title": "Mayors for Peace website",
            "new_source_url": "https://www.mayorsforpeace.org/",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/organisations/mfp/"
    org = Organisation.objects.get(slug="mfp")
    assert [t.slug for t in org.themes.all()] == ["peace"]
    assert org.citations.get().source.url == "https://www.mayorsforpeace.org/"


def test_a_form_without_any_source_is_refused_with_a_message(editor_client):
    response = editor_client.post("/organisations/new/", {"name": "Unsourced", "kind": "campaign"})
    assert response.status_code == 400
    assert "Say where this comes from" in response.content.decode()
    assert not Organisation.objects.filter(name="Unsourced").exists()


def test_an_editor_adds_a_membership_from_the_city_page_link(editor_client, test_source):
    form = editor_client.get(
        f"/memberships/new/?city={SAO_PAULO}&organisation=c40"
    ).content.decode()
    assert "São Paulo" in form and "C40" in form
    response = editor_client.post(
        "/memberships/new/",
        {
            "city": SAO_PAULO,
            "organisation": "c40",
            "role": "member",
            "joined": "2005",
            "source": "test-fixture",
        },
    )
    assert response.status_code == 302
    assert Membership.objects.filter(
        city=SAO_PAULO, organisation__slug="c40", joined="2005"
    ).exists()


def test_a_membership_ending_before_it_starts_is_a_form_error(editor_client, test_source):
    response = editor_client.post(
        "/memberships/new/",
        {
            "city": SAO_PAULO,
            "organisation": "c40",
            "role": "member",
            "joined": "2005",
            "left": "2004",
            "source": "test-fixture",
        },
    )
    assert response.status_code == 400
    assert "A membership cannot end before it starts." in response.content.decode()


def test_an_editor_records_a_person_and_a_term(editor_client, test_source):
    editor_client.post("/people/new/", {"name": "Ada Mayor", "source": "test-fixture"})
    person = Person.objects.get(name="Ada Mayor")
    response = editor_client.post(
        "/terms/new/",
        {
            "person": person.slug,
            "role": "mayor",
            "city": LONDON,
            "start": "2030",
            "end": "2029",
            "source": "test-fixture",
        },
    )
    assert (
        response.status_code == 400
        and "A term cannot end before it starts." in response.content.decode()
    )
    response = editor_client.post(
        "/terms/new/",
        {
            "person": person.slug,
            "role": "mayor",
            "city": LONDON,
            "start": "2030",
            "source": "test-fixture",
        },
    )
    assert response.status_code == 302
    assert OfficeHeld.objects.get(person=person).city_id == LONDON


def test_an_edit_can_remove_a_citation_and_add_another(editor_client, test_source):
    org = Organisation.objects.get(slug="eurocities")
    old = org.citations.get()
    response = editor_client.post(
        "/organisations/eurocities/edit/",
        {
            "name": org.name,
            "kind": org.kind,
            "version": org.version,
            "remove_citations": [old.pk],
            "source": "test-fixture",
            "page": "4",
        },
    )
    assert response.status_code == 302
    assert [(c.source.key, c.page) for c in org.citations.all()] == [("test-fixture", "4")]


def test_deleting_a_record_that_others_refer_to_is_refused_with_a_message(editor_client):
    response = editor_client.post("/organisations/c40/delete/", {"version": 1})
    assert response.status_code == 409
    assert "cannot be deleted" in response.content.decode()
    assert Organisation.objects.filter(slug="c40").exists()


def test_an_editor_sets_a_citys_wikidata_id_and_a_bad_one_is_refused(editor_client):
    city = City.objects.get(pk=SAO_PAULO)
    bad = editor_client.post(
        f"/cities/{SAO_PAULO}/edit/", {"wikidata_id": "174", "version": city.version}
    )
    assert bad.status_code == 400 and "Q60" in bad.content.decode()
    ok = editor_client.post(
        f"/cities/{SAO_PAULO}/edit/", {"wikidata_id": "Q174", "version": city.version}
    )
    assert ok.status_code == 302
    assert City.objects.get(pk=SAO_PAULO).wikidata_id == "Q174"


def test_an_editor_creates_a_source(editor_client):
    response = editor_client.post(
        "/sources/new/", {"key": "c40-members-2024", "title": "C40 member list", "kind": "website"}
    )
    assert response.status_code == 302
    assert Source.objects.filter(key="c40-members-2024").exists()


def test_an_editor_changes_a_membership_and_a_term_through_their_forms(editor_client):
    membership = Membership.objects.get(organisation__slug="c40", city__name="London")
    response = editor_client.post(
        f"/memberships/{membership.pk}/edit/",
        {"role": "chair", "joined": "2005", "version": membership.version},
    )
    assert response.status_code == 302, response.content.decode()
    membership.refresh_from_db()
    assert (membership.role, membership.joined) == ("chair", "2005")
    term = OfficeHeld.objects.get(person__slug="michael-bloomberg", organisation__slug="c40")
    response = editor_client.post(
        f"/terms/{term.pk}/edit/", {"role": "president", "end": "2023", "version": term.version}
    )
    assert response.status_code == 302, response.content.decode()
    term.refresh_from_db()
    assert term.end == "2023"
