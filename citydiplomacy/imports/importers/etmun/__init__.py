"""ETMUN networks and their members, from P. Gourdon's thesis data (see gourdon.py).

- `etmun-networks`: the 58 ETMUN networks (name, acronym, founding year, secretariat country,
  website, aims) as organisations of kind city-network. A network is found again by its
  ETMUN code, kept in its citation's locator ("ETMUN code 02723, row 47"), else by an organisation
  of the same name or acronym (so the starter data's C40 and Eurocities are reused).
- `etmun-memberships`: the 17,333 member rows. Cities and municipalities are resolved to
  gazetteer cities; regions, intermunicipal bodies, associations and other bodies are
  reported as not a city and not written. The networks file, when it lies in the same
  folder, is imported first in the same run, so every network is fully described.

Documented in docs/imports.md (section `etmun-networks` and `etmun-memberships`).
"""

from pathlib import Path
from typing import Any

from citydiplomacy.core import extensions
from citydiplomacy.imports.importers.common import dataset_source
from citydiplomacy.imports.importers.etmun import reader, writer
from citydiplomacy.imports.importers.gourdon import KNOWN, MembersInput
from citydiplomacy.imports.networks import NetworkSpec
from citydiplomacy.imports.runs import ImportContext, ImportOptions

HERE = Path(__file__).resolve().parent


class EtmunNetworksImporter:
    kind = "etmun-networks"
    fixture = HERE / "fixture_networks.csv"  # made-up rows in the real layout
    description = (
        "ETMUN networks (Gourdon's ETMUN_DataSource_BD_ETMUN_OrganizationsWithMembersCities"
        ".csv, `;`-separated) as city-network organisations, matched by code, name or acronym."
    )

    def source_values(self, path: Path | None) -> dict[str, Any]:
        assert path is not None
        return dataset_source(path, KNOWN, "Municipal networks")

    def read(self, path: Path | None, options: ImportOptions) -> list[NetworkSpec]:
        return reader.read_networks(path, options)

    def write(self, specs: list[NetworkSpec], ctx: ImportContext) -> None:
        writer.write_networks(specs, ctx)


class EtmunMembershipsImporter:
    kind = "etmun-memberships"
    fixture = HERE / "fixture_members.csv"  # made-up rows in the real layout
    description = (
        "ETMUN network members (Gourdon's ETMUN_DataSource_MembersETMUNGeocode.csv): cities "
        "and municipalities become memberships; other bodies are reported as not a city. The "
        "networks file in the same folder is imported first."
    )

    def source_values(self, path: Path | None) -> dict[str, Any]:
        assert path is not None
        return dataset_source(path, KNOWN, "Municipal network members")

    def read(self, path: Path | None, options: ImportOptions) -> MembersInput:
        return reader.read_members(path, options)

    def write(self, data: MembersInput, ctx: ImportContext) -> None:
        writer.write_memberships(data, ctx)


def register() -> None:
    extensions.importers.register(
        extensions.Importer(
            name=EtmunNetworksImporter.kind, importer=EtmunNetworksImporter(), order=2
        )
    )
    extensions.importers.register(
        extensions.Importer(
            name=EtmunMembershipsImporter.kind, importer=EtmunMembershipsImporter(), order=3
        )
    )
