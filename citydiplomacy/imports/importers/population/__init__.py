"""UN World Urbanization Prospects 2018, File 12: population series of urban agglomerations.

The workbook (.xls, read with xlrd) has a sheet "Data" whose header is row 17: Index,
Country Code (UN M49), Country or area, City Code, Urban Agglomeration, Note, Latitude,
Longitude, then one column per year (1950-2035, every five years) with the population in
thousands. Each agglomeration becomes a series of PopulationFigure rows (kind
agglomeration) on the gazetteer city at its core. The 2018 revision estimates the years up
to 2018 and projects the later ones, so figures for years after 2018 are marked projected.

An agglomeration is tied to its core city by name and country, checked against the file's
coordinates: "New York-Newark" is New York, "Mumbai (Bombay)" is Mumbai. A city already
claimed by another agglomeration of the file is reported as a duplicate rather than
overwritten; the agglomeration nearest to the city keeps it.

Documented in docs/imports.md (section `wup-population`).
"""

from pathlib import Path
from typing import Any

from citydiplomacy.core import extensions
from citydiplomacy.imports.importers.population import reader, writer
from citydiplomacy.imports.importers.population.reader import WupSheet
from citydiplomacy.imports.runs import ImportContext, ImportOptions


class WupPopulationImporter:
    kind = "wup-population"
    description = (
        "UN World Urbanization Prospects 2018, File 12 (.xls): population series 1950-2035 of "
        "the urban agglomerations of 300,000+, on their core cities."
    )

    def source_values(self, path: Path | None) -> dict[str, Any]:
        assert path is not None
        return reader.source_values(path)

    def read(self, path: Path | None, options: ImportOptions) -> "WupSheet":
        return reader.read(path, options)

    def write(self, sheet: "WupSheet", ctx: ImportContext) -> None:
        writer.write(sheet, ctx)


def register() -> None:
    extensions.importers.register(
        extensions.Importer(
            name=WupPopulationImporter.kind, importer=WupPopulationImporter(), order=6
        )
    )
