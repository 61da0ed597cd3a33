"""`twin-cities`: twin-city pairs given as city and country names, with or without
coordinates (docs/imports.md, section `twin-cities`).

The layout is that of Hekman's twin-town lists scraped from Wikipedia (`city1, country1,
city2, country2`, and optionally `lat1, lng1, lat2, lng2`). Names are resolved in `prepare`,
before the write transaction, so other writers are not held up while the gazetteer is read.
"""

from pathlib import Path
from typing import Any

from citydiplomacy.core import extensions
from citydiplomacy.imports.importers.twin_cities import reader, writer
from citydiplomacy.imports.runs import ImportContext, ImportOptions, Preparation
from citydiplomacy.imports.tabular import Row

HERE = Path(__file__).resolve().parent


class TwinCitiesImporter:
    kind = "twin-cities"
    fixture = HERE / "fixture.csv"  # made-up rows in the real layout
    description = (
        "Twin-city pairs as city and country names (city1,country1,city2,country2[,lat1,lng1,"
        "lat2,lng2]), e.g. Hekman's Wikipedia twin-town lists."
    )

    def source_values(self, path: Path | None) -> dict[str, Any]:
        assert path is not None
        return reader.source_values(path)

    def read(self, path: Path | None, options: ImportOptions) -> list[Row]:
        assert path is not None
        return reader.read_pairs(path, options)

    def prepare(self, rows: list[Row], preparation: Preparation) -> writer.Prepared:
        return writer.resolve_pairs(rows, preparation)

    def write(self, prepared: writer.Prepared, ctx: ImportContext) -> None:
        writer.write_pairs(prepared, ctx)


def register() -> None:
    extensions.importers.register(
        extensions.Importer(name=TwinCitiesImporter.kind, importer=TwinCitiesImporter(), order=0)
    )
