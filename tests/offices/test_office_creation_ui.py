"""A site administrator creates an office and its first admin from the web UI; nobody else
can, and a taken short name is refused on the form."""

import pytest
from django.contrib.auth.models import User

from citydiplomacy.offices.models import Office, OfficeMembership
from tests.conftest import BERLIN

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_admin(db) -> User:
    return User.objects.create_superuser(username="site-admin")


def found(client, **values):
    payload = {"name": "Berlin Senate Chancellery", "slug": "berlin", "city": BERLIN}
    return client.post("/offices/new/", {**payload, **values})


def test_a_site_administrator_creates_an_office_with_its_first_admin(login, site_admin, reader):
    response = found(login(site_admin), admin=reader.username)
    assert response.status_code == 302 and response["Location"] == "/offices/berlin/"
    office = Office.objects.get(slug="berlin")
    assert OfficeMembership.objects.get(office=office).user == reader
    assert OfficeMembership.objects.get(office=office).role == "admin"
    assert login(reader).get("/offices/berlin/").status_code == 200


def test_an_unknown_first_admin_is_refused_on_the_form(login, site_admin):
    response = found(login(site_admin), admin="nobody-by-that-name")
    assert response.status_code == 200
    assert "No user" in response.content.decode()
    assert not Office.objects.filter(slug="berlin").exists()


def test_a_taken_short_name_is_refused_and_nothing_is_written(login, site_admin, reader, la_office):
    response = found(login(site_admin), slug="la", admin=reader.username)
    assert response.status_code == 200
    assert Office.objects.filter(slug="la").count() == 1
    assert not OfficeMembership.objects.filter(user=reader).exists()


def test_only_a_site_administrator_may_create_an_office(login, la_admin, reader):
    for user in (la_admin, reader):
        assert login(user).get("/offices/new/").status_code == 403
        assert found(login(user), admin=user.username).status_code == 403
    assert not Office.objects.filter(slug="berlin").exists()
