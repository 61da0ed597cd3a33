"""Shared fixtures: the real gazetteer and starter data, loaded once; a fixed cast of users."""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from citydiplomacy.accounts.services import user_create
from citydiplomacy.geo.gazetteer import load_cities, load_countries
from citydiplomacy.geo.models import City
from citydiplomacy.history.services import Actor
from citydiplomacy.imports.csv_templates import load_template_set
from citydiplomacy.registry.services import STARTER_DATA
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
        summaries = load_template_set(STARTER_DATA, actor=actor)
        assert not [e for s in summaries.values() for e in s.errors]


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
