"""Every importer, registered in `extensions.importers` with its own CLI options.

Each importer is a package here (`reader.py`, `writer.py`, its class and `register()` in
`__init__.py`, and a made-up `fixture.*` in the real layout); `citydiplomacy import <name>`
lists the registered names and adds each importer's options (`add_arguments`) in a group of
its own. A domain app registers its importers the same way from its `AppConfig.ready()`.
"""

from collections.abc import Iterator, Mapping

from citydiplomacy.core import extensions
from citydiplomacy.imports.importers import (
    etmun,
    mayors,
    population,
    twin_cities,
    urbact,
    wikidata,
    wikidata_live,
)
from citydiplomacy.imports.runs import Importer


def register() -> None:
    for package in (twin_cities, wikidata, wikidata_live, etmun, urbact, mayors, population):
        package.register()


class _Registered(Mapping[str, Importer]):
    """The registered importers by name (what the import page and the API offer)."""

    def __getitem__(self, name: str) -> Importer:
        importer: Importer = extensions.importers.get(name).importer
        return importer

    def __iter__(self) -> Iterator[str]:
        return iter(extensions.importers.names())

    def __len__(self) -> int:
        return len(extensions.importers)


IMPORTERS: Mapping[str, Importer] = _Registered()
