"""Wikidata twinning (P190, "twinned administrative body") query results.

Accepted, recognised from the content: the query service's CSV result (columns `city,
cityLabel, city_population, city_coordinate_location, sister, sisterLabel, ...`, items as
entity URIs, coordinates as `Point(lon lat)`), its TSV result (a `.tsv` file, `?city`
headers and RDF terms, or plain values), its JSON result (`head.vars`, `results.bindings`),
and the derived export `{"cities": {QID: {label, lat, lon, pop}}, "sisters": [[QID, QID]]}`.

A P190 statement is directed: city A says it is twinned with B. Each pair of cities becomes
one sister-city agreement; when only A -> B is stated the agreement is kept and marked as
stated by A only; when B -> A is stated too it is reciprocal and the second row is reported
as a duplicate of the first. The derived export has lost the direction, so its pairs say
nothing about one-sidedness. Results carry no country, so items are resolved by their
Wikidata id when a registry city has it, else by label and coordinates; the Wikidata id is
then stored on the city. Items that are regions, not cities, are reported as such.

Documented in docs/imports.md (section `wikidata-twinning`).
"""

from pathlib import Path
from typing import Any

from citydiplomacy.core import extensions
from citydiplomacy.imports.importers.common import dataset_source
from citydiplomacy.imports.importers.wikidata.reader import KNOWN, Twinning, read_twinning
from citydiplomacy.imports.importers.wikidata.writer import write_twinning
from citydiplomacy.imports.runs import ImportContext, ImportOptions

HERE = Path(__file__).resolve().parent


class WikidataTwinningImporter:
    kind = "wikidata-twinning"
    fixture = HERE / "fixture.csv"  # made-up rows in the real layout
    description = (
        "Wikidata twinning (P190) query results: the query service's CSV, TSV or JSON result "
        "(city, cityLabel, city_coordinate_location, sister, sisterLabel, ...), or a "
        '{"cities", "sisters"} export. One-sided statements are marked.'
    )

    def source_values(self, path: Path | None) -> dict[str, Any]:
        assert path is not None
        return dataset_source(path, KNOWN, "Wikidata twinning (P190) results")

    def read(self, path: Path | None, options: ImportOptions) -> Twinning:
        assert path is not None
        return read_twinning(path, options.encoding)

    def write(self, data: Twinning, ctx: ImportContext) -> None:
        write_twinning(data, ctx)


def register() -> None:
    extensions.importers.register(
        extensions.Importer(
            name=WikidataTwinningImporter.kind, importer=WikidataTwinningImporter(), order=1
        )
    )
