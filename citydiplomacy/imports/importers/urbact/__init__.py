"""URBACT networks and their partner cities, from P. Gourdon's thesis data (see gourdon.py).

`urbact`: the URBACT memberships (GeoNames ids given), with the URBACT networks (from the
networks file in the same folder, else from the memberships file's own columns) as
organisations of kind programme.

Documented in docs/imports.md, section `urbact`.
"""

from pathlib import Path
from typing import Any

from citydiplomacy.core import extensions
from citydiplomacy.imports.importers.common import dataset_source
from citydiplomacy.imports.importers.gourdon import KNOWN, MembersInput
from citydiplomacy.imports.importers.urbact import reader, writer
from citydiplomacy.imports.runs import ImportContext, ImportOptions

HERE = Path(__file__).resolve().parent


class UrbactImporter:
    kind = "urbact"
    fixture = HERE / "fixture.csv"  # made-up rows in the real layout
    description = (
        "URBACT network partners (Gourdon's KEEP_AD_URBACT_..._Membership_..._V2.csv, with "
        "GeoNames ids); the URBACT networks file in the same folder describes the networks."
    )

    def source_values(self, path: Path | None) -> dict[str, Any]:
        assert path is not None
        return dataset_source(path, KNOWN, "URBACT network partners")

    def read(self, path: Path | None, options: ImportOptions) -> MembersInput:
        return reader.read(path, options)

    def write(self, data: MembersInput, ctx: ImportContext) -> None:
        writer.write(data, ctx)


def register() -> None:
    extensions.importers.register(
        extensions.Importer(name=UrbactImporter.kind, importer=UrbactImporter(), order=4)
    )
