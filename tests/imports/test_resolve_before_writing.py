"""Importers with a `prepare` step resolve names before the write transaction opens, so
other users' writes are not held up by the gazetteer lookups (issue 11: on SQLite they
failed while a twin-cities import resolved inside its transaction)."""

import pytest
from django.db import connection

from citydiplomacy.core.history.models import Via
from citydiplomacy.core.history.services import Actor
from citydiplomacy.geo.resolution.resolver import CityResolver
from citydiplomacy.imports.importers.registry import IMPORTERS
from citydiplomacy.imports.runs import ImportOptions, run_import

pytestmark = pytest.mark.django_db


def test_twin_cities_resolves_every_name_outside_the_write_transaction(monkeypatch):
    importer = IMPORTERS["twin-cities"]
    outside = len(connection.atomic_blocks)  # the test's own transaction
    depths: list[int] = []
    resolve = CityResolver.resolve

    def spying(self, query):
        depths.append(len(connection.atomic_blocks))
        return resolve(self, query)

    monkeypatch.setattr(CityResolver, "resolve", spying)
    outcome = run_import(
        importer, importer.fixture, actor=Actor(via=Via.IMPORT, label="t"), options=ImportOptions()
    )
    assert depths and set(depths) == {outside}
    assert outcome.report.summary().get("created", 0) >= 1
