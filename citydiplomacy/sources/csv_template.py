"""The `sources.csv` template: the sources the other templates' rows cite by key.

The sources app is in the base layer, below the imports framework, so this module names
its columns and loads one row without importing the framework; the imports app registers
it (first: every other template cites sources). Layout: docs/data.md.
"""

from typing import Any, Protocol

from citydiplomacy.sources.models import Source
from citydiplomacy.sources.services import source_ensure

COLUMNS = ("key", "title", "kind", "author", "published", "url", "file_name", "note")
REQUIRED = ("key", "title", "kind")


class _Row(Protocol):
    def get(self, column: str, default: str = "") -> str: ...


class _Writer(Protocol):
    actor: Any


def load_row(row: _Row, rc: _Writer) -> tuple[str, list[str]]:
    existed = Source.objects.filter(key=row.get("key")).exists()
    values = {name: row.get(name) for name in COLUMNS if name != "key"}
    source_ensure(key=row.get("key"), actor=rc.actor, **values)
    return ("unchanged" if existed else "created"), []
