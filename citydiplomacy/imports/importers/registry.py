"""Every importer, registered in `extensions.importers` with its own CLI options.

`citydiplomacy import <name>` lists the registered names and adds each importer's options
(`add_arguments`) in a group of its own; a domain app can register an importer the same way
from its `AppConfig.ready()`.
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
    plain: list[Importer] = [
        twin_cities.TwinCitiesImporter(),
        wikidata.WikidataTwinningImporter(),
        etmun.EtmunNetworksImporter(),
        etmun.EtmunMembershipsImporter(),
        urbact.UrbactImporter(),
        mayors.MayorsImporter(),
        population.WupPopulationImporter(),
    ]
    for order, importer in enumerate(plain):
        extensions.importers.register(
            extensions.Importer(name=importer.kind, importer=importer, order=order)
        )
    extensions.importers.register(
        extensions.Importer(
            name="wikidata-live",
            importer=wikidata_live.WikidataLiveImporter(),
            add_arguments=wikidata_live.add_arguments,
            order=2,
        )
    )


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
