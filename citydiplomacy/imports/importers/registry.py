"""Every importer by the name the CLI gives it."""

from citydiplomacy.core import extensions
from citydiplomacy.imports.importers import (
    etmun,
    mayors,
    population,
    templates,
    twin_cities,
    urbact,
    wikidata,
    wikidata_live,
)
from citydiplomacy.imports.runs import Importer

_ALL: list[Importer] = [
    twin_cities.TwinCitiesImporter(),
    wikidata.WikidataTwinningImporter(),
    wikidata_live.WikidataLiveImporter(),
    etmun.EtmunNetworksImporter(),
    etmun.EtmunMembershipsImporter(),
    urbact.UrbactImporter(),
    mayors.MayorsImporter(),
    population.WupPopulationImporter(),
    *templates.TEMPLATE_IMPORTERS,
]
IMPORTERS: dict[str, Importer] = {importer.kind: importer for importer in _ALL}
# Importers other apps register in core.extensions (their AppConfig.ready ran before this).
IMPORTERS.update({item.name: item.importer for item in extensions.importers})
