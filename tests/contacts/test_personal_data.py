"""A person's data: exported on request, and erased on request with every trace in the history."""

import json

import pytest
from django.core.management import CommandError, call_command

from citydiplomacy.contacts.models import Contact
from citydiplomacy.contacts.services import consular_post_create, contact_update
from citydiplomacy.core.history.models import ChangeRecord
from citydiplomacy.engagements.models import Engagement, FollowUp
from citydiplomacy.engagements.services import follow_up_create
from citydiplomacy.geo.models import Country
from tests.conftest import SECRET_CONTACT

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(la_records, la_office, la_editor, system):
    """The contact, with a post held, an edit in their history and a follow-up naming them."""
    contact = la_records.contact
    consular_post_create(
        office=la_office,
        country=Country.objects.get(pk="JP"),
        holder=contact,
        holder_title="Consul General",
        since="2024",
        actor=system,
    )
    contact_update(contact, actor=system, expected_version=1, phone="+81 3 5555 0100")
    follow_up_create(
        engagement=la_records.engagement,
        what=f"Send {SECRET_CONTACT} the minutes",
        owner=la_editor,
        actor=system,
    )
    return contact


def test_an_editor_exports_everything_the_office_holds_about_a_person(login, la_editor, person):
    response = login(la_editor).get(f"/contacts/{person.pk}/export/")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["contact"]["name"] == SECRET_CONTACT
    assert data["contact"]["phone"] == "+81 3 5555 0100"
    assert [p["holder_title"] for p in data["consular_posts"]] == ["Consul General"]
    assert [(e["title"], e["participant"]) for e in data["engagements"]] == [
        ("Quixotic harbour talks", True)
    ]
    assert [f["what"] for f in data["follow_ups"]] == [f"Send {SECRET_CONTACT} the minutes"]
    assert [c["action"] for c in data["history"]] == ["update", "create"]
    api = login(la_editor).get(f"/api/personal-data/contacts/{person.pk}").json()
    assert api["contact"] == data["contact"]


def test_a_viewer_can_neither_export_nor_erase(login, la_viewer, person):
    client = login(la_viewer)
    assert client.get(f"/contacts/{person.pk}/export/").status_code == 403
    assert client.post(f"/contacts/{person.pk}/erase/").status_code == 403
    assert client.post(f"/api/personal-data/contacts/{person.pk}/erase").status_code == 403
    assert Contact.objects.filter(pk=person.pk).exists()


def test_erasing_is_for_office_admins(login, la_editor, person):
    assert login(la_editor).post(f"/contacts/{person.pk}/erase/").status_code == 403
    with pytest.raises(CommandError, match="admin role"):
        call_command("contact", "erase", str(person.pk), "--user", "la-editor", "--yes")


def _traces(office_id):
    """Every text of the office's records and history that names the person."""
    found = []
    needles = (SECRET_CONTACT, "zq@example.org", "+81 3 5555 0100")
    for record in ChangeRecord.objects.filter(private_to=office_id):
        text = json.dumps([record.before, record.after, record.object_repr], ensure_ascii=False)
        found += [f"change {record.pk}: {n}" for n in needles if n in text]
    for model in (Engagement, FollowUp, Contact):
        for obj in model.objects.filter(office_id=office_id):
            text = json.dumps([str(v) for v in obj.__dict__.values()], ensure_ascii=False)
            found += [f"{model.__name__} {obj.pk}: {n}" for n in needles if n in text]
    return found


def test_an_admin_erases_a_person_and_every_trace_of_them(login, la_admin, person, la_records):
    assert _traces(person.office_id)  # the person is named in records and history
    response = login(la_admin).post(f"/contacts/{person.pk}/erase/")
    assert response.status_code == 302
    assert not Contact.objects.filter(pk=person.pk).exists()
    assert _traces(person.office_id) == []

    engagement = Engagement.objects.get(pk=la_records.engagement.pk)
    assert list(engagement.contacts.all()) == []
    assert engagement.summary == "Met [erased] about the port."
    assert FollowUp.objects.filter(what="Send [erased] the minutes").exists()

    history = login(la_admin).get(f"/history/contacts.contact/{person.pk}/?format=json").json()
    erasure = history["changes"][0]
    assert erasure["action"] == "delete"
    assert erasure["actor"] == "la-admin (personal data erased on request)"
    assert erasure["object_repr"] == f"contact {person.pk} (erased)"
    assert all(change["changes"] == [] for change in history["changes"])
    # The unlinking and the redactions are themselves recorded, by the same admin.
    changes = (
        login(la_admin)
        .get(f"/api/history/?model=engagements.engagement&object_id={engagement.pk}")
        .json()["results"]
    )
    assert changes[0]["actor"] == "la-admin (personal data erased on request)"


def test_erasure_through_the_api_and_the_cli(login, la_admin, person, la_office, system, capsys):
    assert login(la_admin).post(f"/api/personal-data/contacts/{person.pk}/erase").status_code == 204
    assert not Contact.objects.filter(pk=person.pk).exists()
    other = Contact.objects.create(office=la_office, name="Second Person")
    with pytest.raises(CommandError, match="--yes"):
        call_command("contact", "erase", str(other.pk), "--user", "la-admin")
    call_command("contact", "erase", str(other.pk), "--user", "la-admin", "--yes")
    assert not Contact.objects.filter(pk=other.pk).exists()


def test_the_cli_exports_a_persons_data_for_an_editor_only(person, la_editor, paris_editor, capsys):
    call_command("contact", "export", str(person.pk), "--user", "la-editor")
    assert json.loads(capsys.readouterr().out)["contact"]["name"] == SECRET_CONTACT
    with pytest.raises(CommandError, match="No contact"):
        call_command("contact", "export", str(person.pk), "--user", "paris-editor")
