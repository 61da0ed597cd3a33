"""Generated from the registrations: every importer that ships a made-up fixture (its
`fixture` attribute, a file beside its code in the real layout) imports it twice. The
second run changes no count of the registry, and each run's report has exactly one line
per data row of the file."""

from pathlib import Path

import pytest

from citydiplomacy.core import extensions
from citydiplomacy.core.history.models import Via
from citydiplomacy.core.history.services import Actor
from citydiplomacy.imports.runs import ImportOptions, run_import
from citydiplomacy.site.selectors import registry_counts

pytestmark = pytest.mark.django_db
ACTOR = Actor(via=Via.IMPORT, label="fixture test")
WITH_FIXTURE = [
    item.name for item in extensions.importers if getattr(item.importer, "fixture", None)
]


def _data_rows(path: Path) -> int:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return len(lines) - 1  # the header


def test_the_package_importers_ship_fixtures():
    # Each importer package's fixture is found by the generated test below.
    assert {"twin-cities", "wikidata-twinning", "etmun-networks", "etmun-memberships"} <= set(
        WITH_FIXTURE
    )
    assert {"urbact", "mayors"} <= set(WITH_FIXTURE)


@pytest.mark.parametrize("name", WITH_FIXTURE)
def test_a_fixture_imports_twice_to_the_same_counts_with_one_report_line_per_row(name):
    importer = extensions.importers.get(name).importer
    path: Path = importer.fixture
    rows = _data_rows(path)
    assert rows >= 3, f"{path}: a fixture needs a handful of rows"
    first = run_import(importer, path, actor=ACTOR, options=ImportOptions())
    counts = registry_counts()
    second = run_import(importer, path, actor=ACTOR, options=ImportOptions())
    assert registry_counts() == counts
    for outcome in (first, second):
        assert outcome.report.summary()["rows"] == rows
        assert sorted(line["row"] for line in outcome.report.lines) == sorted(
            {line["row"] for line in outcome.report.lines}
        )
    # The second run finds what the first wrote: nothing new is created.
    assert second.report.summary().get("created", 0) == 0
