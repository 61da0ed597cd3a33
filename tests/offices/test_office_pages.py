"""Every page of an office renders, as HTML and as its JSON twin, for the office's admin."""

import pytest

from citydiplomacy.contacts.services import consular_post_create
from citydiplomacy.geo.models import Country
from tests.conftest import TOKYO

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(la_records, system):
    return consular_post_create(
        office=la_records.contact.office,
        country=Country.objects.get(pk="JP"),
        holder=la_records.contact,
        holder_title="Consul General",
        actor=system,
    )


def test_every_office_page_answers_for_an_admin(login, la_admin, la_records, post):
    client = login(la_admin)
    contact, engagement, follow_up = la_records.contact, la_records.engagement, la_records.follow_up
    pages = [
        "/offices/",
        "/offices/la/",
        "/offices/la/members/",
        f"/offices/la/timeline/cities/{TOKYO}/",
        "/offices/la/timeline/countries/jp/",
        "/contacts/",
        f"/contacts/{contact.pk}/",
        "/contacts/new/",
        f"/contacts/{contact.pk}/edit/",
        f"/contacts/{contact.pk}/delete/",
        f"/contacts/{contact.pk}/erase/",
        "/consular-posts/",
        f"/consular-posts/{post.pk}/",
        "/consular-posts/new/",
        f"/consular-posts/{post.pk}/edit/",
        "/engagements/",
        f"/engagements/{engagement.pk}/",
        "/engagements/new/",
        f"/engagements/{engagement.pk}/edit/",
        f"/engagements/{engagement.pk}/follow-ups/new/",
        "/follow-ups/",
        f"/follow-ups/{follow_up.pk}/",
        f"/follow-ups/{follow_up.pk}/edit/",
        "/me/follow-ups/",
        "/accounts/tokens/",
        f"/history/contacts.contact/{contact.pk}/",
        f"/history/engagements.engagement/{engagement.pk}/",
    ]
    failures = [url for url in pages if client.get(url).status_code != 200]
    failures += [
        f"{url}?format=json"
        for url in pages
        if "/edit/" not in url
        and "/new/" not in url
        and not url.endswith(("/delete/", "/erase/"))
        and client.get(url, {"format": "json"}).status_code != 200
    ]
    assert not failures


def test_an_unknown_office_record_or_partner_is_a_404(login, la_admin, la_office):
    client = login(la_admin)
    for url in (
        "/offices/nowhere/",
        "/offices/la/timeline/cities/1/",
        "/offices/la/timeline/countries/XX/",
        "/offices/nowhere/timeline/countries/JP/",
        "/contacts/999999/",
        "/consular-posts/999999/",
        "/engagements/999999/",
        "/follow-ups/999999/",
    ):
        assert client.get(url).status_code == 404, url


def test_a_new_engagement_form_starts_from_the_contact_and_their_city(login, la_admin, la_records):
    html = (
        login(la_admin)
        .get(f"/engagements/new/?office=la&contacts={la_records.contact.pk}&cities={TOKYO}")
        .content.decode()
    )
    assert f'value="{la_records.contact.pk}" selected' in html
    assert f'value="{TOKYO}" selected' in html and 'value="la" selected' in html
