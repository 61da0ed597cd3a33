"""Shared fixtures: the real gazetteer and starter data, loaded once; a fixed cast of users."""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from citydiplomacy.core.accounts.services import user_create
from citydiplomacy.core.history.services import Actor
from citydiplomacy.geo.divisions import load_divisions
from citydiplomacy.geo.gazetteer import load_cities, load_countries
from citydiplomacy.geo.models import City
from citydiplomacy.imports.csv_templates import load_template_set
from citydiplomacy.imports.starter import STARTER_DATA
from citydiplomacy.practices.csv_template import load_starter as load_practice_starter
from citydiplomacy.sources.models import Source, SourceKind
from citydiplomacy.sources.services import CitationSpec, source_ensure

PASSWORD = "correct horse battery staple 42"

# GeoNames ids used across the tests.
NEW_YORK = 5128581
TOKYO = 1850147
LONDON = 2643743
PARIS = 2988507
SAO_PAULO = 3448439
MUNICH = 2867714
BERLIN = 2950159
CAPE_TOWN = 3369157


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """The GeoNames gazetteer (population >= 15,000) and the starter data, once per session."""
    with django_db_blocker.unblock():
        actor = Actor.system("test setup")
        load_countries(actor=actor)
        load_cities(min_population=15000, actor=actor)
        load_divisions(actor=actor)
        summaries = load_template_set(STARTER_DATA, actor=actor)
        assert not [e for s in summaries.values() for e in s.errors]
        practices = load_practice_starter(actor=actor)
        assert not [e for s in practices.values() for e in s.errors]


@pytest.fixture(autouse=True)
def fresh_caches(settings: Any) -> None:
    """Each test starts with empty caches (throttle counters, cached pages), and without the
    page cache: its version is bumped after commit, and most tests never commit. The page
    cache's own tests turn it on (tests/serving)."""
    from django.core.cache import cache

    from citydiplomacy.core.pagecache import local_pages

    cache.clear()
    local_pages.clear()  # a rolled-back test's version number comes round again
    settings.PAGE_CACHE = False
    # Tests that walk every path download many exports in a minute; the limits' own tests
    # (tests/serving) set them back.
    settings.EXPORTS_PER_MINUTE = 10_000
    settings.EXPORTS_AT_ONCE = 10_000


@pytest.fixture
def system() -> Actor:
    return Actor.system("test")


@pytest.fixture
def test_source(db: None, system: Actor) -> Source:
    return source_ensure(
        key="test-fixture", title="Test fixture", kind=SourceKind.ENTRY, actor=system
    )


@pytest.fixture
def cite(test_source: Source) -> list[CitationSpec]:
    return [CitationSpec(test_source, locator="test")]


@pytest.fixture
def city() -> Callable[[int], City]:
    def get(geonames_id: int) -> City:
        return City.objects.select_related("country").get(pk=geonames_id)

    return get


@pytest.fixture
def editor(db: None) -> User:
    return user_create(username="editor", password=PASSWORD, registry_editor=True)


@pytest.fixture
def other_editor(db: None) -> User:
    return user_create(username="other-editor", password=PASSWORD, registry_editor=True)


@pytest.fixture
def reader(db: None) -> User:
    return user_create(username="reader", password=PASSWORD)


@pytest.fixture
def editor_client(editor: User) -> Client:
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def reader_client(reader: User) -> Client:
    client = Client()
    client.force_login(reader)
    return client


# --- International offices: a fixed cast of two offices, their members and private records ---

LOS_ANGELES = 5368361
# Markers that occur only in the Los Angeles office's private records, so a test can check
# that no page, count or export lets them out.
SECRET_CONTACT = "Zebulon Quaxworth"
SECRET_ENGAGEMENT = "Quixotic harbour talks"
SECRET_FOLLOW_UP = "Xylophone memorandum draft"


@pytest.fixture
def la_office(db: None, city: Callable[[int], City], system: Actor) -> Any:
    from citydiplomacy.offices.services import office_create

    return office_create(
        slug="la",
        name="Los Angeles Mayor's Office of International Affairs",
        city=city(LOS_ANGELES),
        actor=system,
    )


@pytest.fixture
def paris_office(db: None, city: Callable[[int], City], system: Actor) -> Any:
    from citydiplomacy.offices.services import office_create

    return office_create(
        slug="paris", name="Paris international relations", city=city(PARIS), actor=system
    )


def _member(office: Any, username: str, role: str, system: Actor) -> User:
    from citydiplomacy.offices.services import office_member_add

    # Signed in with force_login: no password, so no slow password hashing per test.
    user = User.objects.create_user(username=username)
    office_member_add(office=office, user=user, role=role, actor=system)
    return user


@pytest.fixture
def la_admin(la_office: Any, system: Actor) -> User:
    return _member(la_office, "la-admin", "admin", system)


@pytest.fixture
def la_editor(la_office: Any, system: Actor) -> User:
    return _member(la_office, "la-editor", "editor", system)


@pytest.fixture
def la_viewer(la_office: Any, system: Actor) -> User:
    return _member(la_office, "la-viewer", "viewer", system)


@pytest.fixture
def paris_editor(paris_office: Any, system: Actor) -> User:
    """A member (editor) of another office, who must see nothing of Los Angeles's."""
    return _member(paris_office, "paris-editor", "editor", system)


@pytest.fixture
def login() -> Callable[[User], Client]:
    def signed_in(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return signed_in


@pytest.fixture
def la_records(
    la_office: Any, la_admin: User, la_editor: User, city: Callable[[int], City], system: Actor
) -> Any:
    """A contact, an office-only engagement with them in Tokyo, and a follow-up of it."""
    import datetime as dt
    from types import SimpleNamespace

    from citydiplomacy.contacts.services import contact_create
    from citydiplomacy.engagements.services import engagement_create, follow_up_create
    from citydiplomacy.organisations.models import Topic

    contact = contact_create(
        office=la_office,
        name=SECRET_CONTACT,
        kind="foreign-official",
        title="Deputy Mayor of Tokyo",
        city=city(TOKYO),
        email="zq@example.org",
        actor=system,
    )
    engagement = engagement_create(
        office=la_office,
        kind="bilateral-meeting",
        title=SECRET_ENGAGEMENT,
        starts_on=dt.date(2026, 3, 2),
        contacts=[contact],
        staff=[la_editor],
        cities=[city(TOKYO)],
        topics=[Topic.objects.get(slug="climate")],
        summary=f"Met {SECRET_CONTACT} about the port.",
        actor=system,
    )
    follow_up = follow_up_create(
        engagement=engagement,
        what=SECRET_FOLLOW_UP,
        owner=la_editor,
        due_on=dt.date(2026, 3, 10),
        actor=system,
    )
    return SimpleNamespace(contact=contact, engagement=engagement, follow_up=follow_up)
