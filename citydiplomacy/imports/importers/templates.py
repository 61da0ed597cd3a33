"""The CSV templates (sources, organisations, memberships, agreements, people) as importers.

They load through `csv_templates` (the same code as the starter data), inside an import run,
and report every row. Cities are named by GeoNames id, or by name and country, resolved
against the gazetteer by the same resolver as the other importers.
"""

from pathlib import Path
from typing import Any

from citydiplomacy.imports.csv_templates import TEMPLATES, load_rows
from citydiplomacy.imports.importers.common import file_source_key
from citydiplomacy.imports.runs import ImportContext, ImportOptions
from citydiplomacy.imports.tabular import Row, read_rows
from citydiplomacy.sources.models import SourceKind


class TemplateImporter:
    def __init__(self, entity: str) -> None:
        self.entity = entity
        self.kind = f"csv-{entity}"
        self.description = f"The {entity} CSV template (see docs/data.md)."

    def source_values(self, path: Path | None) -> dict[str, Any]:
        assert path is not None
        return {
            "key": file_source_key(f"csv-{self.entity}", path),
            "title": f"Spreadsheet of {self.entity}: {path.name}",
            "kind": SourceKind.ENTRY,
            "file_name": path.name,
        }

    def read(self, path: Path | None, options: ImportOptions) -> list[Row]:
        assert path is not None
        return read_rows(path, required=TEMPLATES[self.entity].required, encoding=options.encoding)

    def write(self, rows: list[Row], ctx: ImportContext) -> None:
        load_rows(self.entity, rows, ctx)


TEMPLATE_IMPORTERS = [TemplateImporter(entity) for entity in TEMPLATES]
