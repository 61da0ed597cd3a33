"""Live Wikidata: twinning (P190), memberships (P463) and heads of government (P6) of cities.

`citydiplomacy import wikidata-live --live --property P190|P463|P6 [--country CC] [--limit N]`
asks the Wikidata Query Service (see `citydiplomacy.imports.sparql`, the only code that goes
online) for statements about items that are human settlements, page by page, then writes
them like any other import: one transaction, one report line per result, citations that
name the statement. Twinning goes through the file importer's writing code (one agreement
per pair, one-sided statements marked); P463 creates or finds organisations by Wikidata id
and writes memberships; P6 creates or finds people by Wikidata id and writes their terms as
mayor, with start, end and party.

Documented in docs/imports.md (section `wikidata-live`).
"""

from pathlib import Path
from typing import Any

from citydiplomacy.core import extensions
from citydiplomacy.imports.importers.wikidata_live import reader, writer
from citydiplomacy.imports.importers.wikidata_live.reader import PAGE_SIZE, SOURCE, LiveResult
from citydiplomacy.imports.runs import ImportContext, ImportOptions
from citydiplomacy.imports.sparql import SparqlClient


class WikidataLiveImporter:
    kind = "wikidata-live"
    description = (
        "Live Wikidata query (needs --live): --property P190 twinning, P463 memberships of "
        "organisations, P6 heads of government (mayors); --country CC, --limit N."
    )

    def __init__(self, *, client: SparqlClient | None = None, page_size: int = PAGE_SIZE) -> None:
        self.client = client
        self.page_size = page_size

    def source_values(self, path: Path | None) -> dict[str, Any]:
        return dict(SOURCE)

    def read(self, path: Path | None, options: ImportOptions) -> LiveResult:
        return reader.read(
            path, options, client=self.client or SparqlClient(), page_size=self.page_size
        )

    def write(self, data: LiveResult, ctx: ImportContext) -> None:
        writer.write(data, ctx)


def add_arguments(group: Any) -> None:
    """The live importer's own options on `citydiplomacy import wikidata-live`."""
    group.add_argument(
        "--live",
        action="store_true",
        help="Query the public Wikidata SPARQL endpoint (the only command that goes online).",
    )
    group.add_argument(
        "--property",
        choices=("P190", "P463", "P6"),
        default="P190",
        help="P190 twinning, P463 memberships, P6 heads of government (default: P190).",
    )
    group.add_argument("--country", help="Limit a live query to cities of this ISO country.")
    group.add_argument("--limit", type=int, default=0, help="Stop after this many results.")


def register() -> None:
    extensions.importers.register(
        extensions.Importer(
            name=WikidataLiveImporter.kind,
            importer=WikidataLiveImporter(),
            order=2,
            add_arguments=add_arguments,
        )
    )
