"""US mayors from Wikidata (Erulan123/Mayors): the people and their terms as mayor.

Two layouts of one query result are read: `mayors_core.csv` (the raw result, timestamps
"1876-04-11T00:00:00Z") and `mayors_cleaned.csv` (timestamps "1876-04-11 00:00:00+00:00",
plus start_year, end_year, birth_year and age columns). The layout is told by its header.

Each row is a term: person (a Wikidata URI), personLabel, birthDate, partyLabel, start,
end, positionLabel ("Mayor of Yonkers, New York") and cityLabel. People are found by their
Wikidata id (else by name among the city's recorded mayors without one, such as the starter
data's), or created. The city is resolved from cityLabel with the state the office's title
names as a division hint; when cityLabel is not a city ("City and County of San
Francisco", "Honolulu County") the place the title names is tried.

Dates: Wikidata writes a date known only to the year as 1 January of that year, and the
query result does not say which dates are so, so a 1 January date is kept as the year; any
other day is kept as the day. A term is matched by person, city, role and start, so
importing the file again changes nothing. The query repeats a term once per party (or birth
date) Wikidata gives the person: the first row is written, the others are reported as
duplicates with what they add.

Cities are resolved in `prepare`, before the write transaction; people and terms are then
written in bulk by `people.bulk.TermWriter` (validated first: a row that breaks a rule of
the records is `refused` and nothing of it is written), with a progress bar for each phase.

Documented in docs/imports.md (section `mayors`).
"""

from pathlib import Path
from typing import Any

from citydiplomacy.core import extensions
from citydiplomacy.imports.importers.common import dataset_source
from citydiplomacy.imports.importers.mayors import reader, writer
from citydiplomacy.imports.importers.mayors.reader import KNOWN, Term
from citydiplomacy.imports.runs import ImportContext, ImportOptions, Preparation

HERE = Path(__file__).resolve().parent


class MayorsImporter:
    kind = "mayors"
    fixture = HERE / "fixture.csv"  # made-up rows in the real layout
    description = (
        "Mayors from a Wikidata query (person, personLabel, birthDate, partyLabel, start, end, "
        "positionLabel, cityLabel), e.g. Erulan123/Mayors' US mayors: people and terms."
    )

    def source_values(self, path: Path | None) -> dict[str, Any]:
        assert path is not None
        return dataset_source(path, KNOWN, "Mayors from Wikidata")

    def read(self, path: Path | None, options: ImportOptions) -> list[Term]:
        return reader.read(path, options)

    def prepare(self, data: list[Term], preparation: Preparation) -> writer.Prepared:
        return writer.resolve(data, preparation)

    def write(self, data: writer.Prepared, ctx: ImportContext) -> None:
        writer.write(data, ctx)


def register() -> None:
    extensions.importers.register(
        extensions.Importer(name=MayorsImporter.kind, importer=MayorsImporter(), order=5)
    )
