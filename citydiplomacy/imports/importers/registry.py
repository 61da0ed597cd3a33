"""Every importer by the name the CLI gives it."""

from citydiplomacy.imports.importers import (
    mayors,
    networks,
    population,
    templates,
    twin_cities,
    wikidata,
    wikidata_live,
)
from citydiplomacy.imports.runs import Importer

_ALL: list[Importer] = [
    twin_cities.TwinCitiesImporter(),
    wikidata.WikidataTwinningImporter(),
    wikidata_live.WikidataLiveImporter(),
    networks.EtmunNetworksImporter(),
    networks.EtmunMembershipsImporter(),
    networks.UrbactImporter(),
    mayors.MayorsImporter(),
    population.WupPopulationImporter(),
    *templates.TEMPLATE_IMPORTERS,
]
IMPORTERS: dict[str, Importer] = {importer.kind: importer for importer in _ALL}
