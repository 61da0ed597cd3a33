"""Paths a security review probed beyond the matrix: consular posts, more outsiders, POST
paths, CSRF on office records, and registry deletions that touch office records."""

import json

import pytest
from django.contrib.auth.models import User
from django.test import Client

from citydiplomacy.contacts.models import Contact
from citydiplomacy.contacts.services import consular_post_create, contact_update
from citydiplomacy.core.accounts.services import user_create
from citydiplomacy.core.history.models import ChangeRecord
from citydiplomacy.engagements.models import Engagement
from citydiplomacy.engagements.services import engagement_update
from citydiplomacy.geo.models import Country
from citydiplomacy.organisations.services import organisation_create
from citydiplomacy.sources.services import CitationSpec
from tests.conftest import PASSWORD, SECRET_CONTACT, SECRET_ENGAGEMENT, SECRET_FOLLOW_UP

pytestmark = pytest.mark.django_db
MARKERS = (
    SECRET_CONTACT,
    SECRET_ENGAGEMENT,
    SECRET_FOLLOW_UP,
    "zq@example.org",
    "Harbour consul note",
)


def body(r):
    return (b"".join(r.streaming_content) if r.streaming else r.content).decode()


@pytest.fixture
def post(la_records, system):
    return consular_post_create(
        office=la_records.contact.office,
        country=Country.objects.get(pk="JP"),
        holder=la_records.contact,
        holder_title="Consul",
        note="Harbour consul note",
        actor=system,
    )


@pytest.fixture(params=["anonymous", "paris editor", "registry editor", "superuser"])
def outsider(request, client, login, paris_editor, db):
    if request.param == "anonymous":
        return client
    if request.param == "paris editor":
        return login(paris_editor)
    if request.param == "registry editor":
        return login(user_create(username="reg-ed", password=PASSWORD, registry_editor=True))
    return login(User.objects.create_superuser("root-su"))


def test_consular_posts_stay_private_on_every_path(outsider, post):
    pk = post.pk
    urls = [
        f"/consular-posts/{pk}/",
        f"/consular-posts/{pk}/?format=json",
        f"/consular-posts/{pk}/edit/",
        f"/consular-posts/{pk}/delete/",
        "/consular-posts/?format=json",
        "/api/consular-posts/",
        f"/api/consular-posts/{pk}",
        f"/history/contacts.consularpost/{pk}/?format=json",
        "/api/history/?model=contacts.consularpost",
        f"/consular-posts/?holder={post.holder_id}&format=json",
    ]
    for url in urls:
        r = outsider.get(url)
        t = body(r)
        assert not any(m in t for m in MARKERS), url
        assert r.status_code in (200, 302, 404, 422), (url, r.status_code)
        if r.status_code == 200 and r["Content-Type"].startswith("application/json"):
            assert not json.loads(t).get("count"), url
    # The holder picker refuses another office's contact with the words an id that names
    # nothing gets: the answer tells nothing of the contact's existence.
    unknown = 10**9
    theirs = outsider.get(f"/consular-posts/?holder={post.holder_id}&format=json")
    nothing = outsider.get(f"/consular-posts/?holder={unknown}&format=json")
    assert theirs.status_code == nothing.status_code == 422
    assert body(theirs).replace(str(post.holder_id), "N") == body(nothing).replace(
        str(unknown), "N"
    )


def test_outsiders_cannot_write_or_erase_through_post_paths(outsider, la_records):
    c = la_records.contact
    for url, data in [
        (f"/contacts/{c.pk}/erase/", {}),
        (f"/contacts/{c.pk}/delete/", {"version": c.version}),
        (f"/contacts/{c.pk}/edit/", {"name": "x", "version": c.version}),
        (f"/follow-ups/{la_records.follow_up.pk}/delete/", {}),
        (f"/engagements/{la_records.engagement.pk}/delete/", {}),
    ]:
        r = outsider.post(url, data)
        assert r.status_code in (302, 403, 404), (url, r.status_code)
        if r.status_code == 302:
            assert r["Location"].startswith("/accounts/login/")
    r = outsider.post(f"/api/personal-data/contacts/{c.pk}/erase")
    assert r.status_code in (401, 404)
    assert Contact.objects.filter(pk=c.pk, name=SECRET_CONTACT).exists()
    assert Engagement.objects.filter(pk=la_records.engagement.pk).exists()


def test_a_session_write_to_office_records_needs_the_csrf_token(la_editor, la_office):
    client = Client(enforce_csrf_checks=True)
    client.force_login(la_editor)
    r = client.post(
        "/api/contacts/",
        json.dumps({"office": "la", "name": "No CSRF"}),
        content_type="application/json",
    )
    assert r.status_code == 403 and not Contact.objects.filter(name="No CSRF").exists()


def test_deleting_an_organisation_does_not_reveal_private_contacts(
    login, la_records, system, test_source
):
    reg = user_create(username="reg-ed2", password=PASSWORD, registry_editor=True)
    org = organisation_create(
        name="Only Contacts Use Me",
        kind="other",
        slug="only-contacts",
        citations=[CitationSpec(test_source, locator="t")],
        actor=system,
    )
    contact_update(la_records.contact, actor=system, expected_version=None, organisation=org)
    r = login(reg).delete(f"/api/organisations/{org.slug}?version={org.version}")
    assert r.status_code == 204, r.content.decode()
    la_records.contact.refresh_from_db()
    assert la_records.contact.organisation is None


def test_deleting_an_agreement_leaves_a_trace_in_the_offices_history(login, la_records, system):
    from citydiplomacy.agreements.models import Agreement

    agreement = Agreement.objects.first()
    e = la_records.engagement
    engagement_update(e, actor=system, expected_version=None, agreements=[agreement])
    before = ChangeRecord.objects.filter(
        content_type__model="engagement", object_id=str(e.pk)
    ).count()
    reg = user_create(username="reg-ed3", password=PASSWORD, registry_editor=True)
    r = login(reg).post(f"/agreements/{agreement.pk}/delete/", {"version": agreement.version})
    e.refresh_from_db()
    after = ChangeRecord.objects.filter(
        content_type__model="engagement", object_id=str(e.pk)
    ).count()
    # The deletion goes through, and the engagement's own history records the lost link.
    assert r.status_code == 302 and after == before + 1
    assert not e.agreements.exists()


def test_a_public_engagements_version_does_not_reveal_changes_of_its_private_parts(
    client, la_records, system, la_admin
):
    e = la_records.engagement
    engagement_update(e, actor=system, expected_version=None, visibility="public")
    v1 = client.get(f"/api/engagements/{e.pk}").json()["version"]
    engagement_update(e, actor=system, expected_version=None, staff=[la_admin])
    v2 = client.get(f"/api/engagements/{e.pk}").json()["version"]
    assert v1 == v2


def test_the_offices_own_history_is_not_public(client, la_office):
    r = client.get(f"/history/offices.office/{la_office.pk}/?format=json")
    assert r.status_code == 404


def test_erasure_removes_a_surname_only_mention(login, la_admin, la_records, system):
    from citydiplomacy.engagements.services import follow_up_create

    follow_up_create(
        engagement=la_records.engagement,
        what="Call Quaxworth back",
        owner=la_records.follow_up.owner,
        actor=system,
    )
    login(la_admin).post(f"/contacts/{la_records.contact.pk}/erase/")
    assert not ChangeRecord.objects.filter(after__icontains="Quaxworth").exists()


def test_csv_exports_neutralise_formulas(login, la_viewer, la_records, system):
    contact_update(la_records.contact, actor=system, expected_version=None, phone="+81-3-5555-0101")
    text = body(login(la_viewer).get("/export/contacts.csv"))
    assert ",+81-3-5555-0101" not in text
