"""URBACT networks and their partner cities, from P. Gourdon's thesis data (see gourdon.py).

`urbact`: the URBACT memberships (GeoNames ids given), with the URBACT networks (from the
networks file in the same folder, else from the memberships file's own columns) as
organisations of kind programme.
"""

from pathlib import Path
from typing import Any

from citydiplomacy.geo.resolution.resolver import MATCHED, Query
from citydiplomacy.imports.importers.common import dataset_source, progress
from citydiplomacy.imports.importers.gourdon import (
    KNOWN,
    URBACT_CODE,
    URBACT_NETWORKS,
    Member,
    MembersInput,
    cell_coordinates,
    cell_country,
    cell_themes,
    cell_value,
    cell_website,
    cell_year,
    check_codes,
    outside_country,
    write_members,
)
from citydiplomacy.imports.networks import (
    NetworkOutcome,
    NetworkSpec,
    NetworkWriter,
    summary,
)
from citydiplomacy.imports.report import describe_end
from citydiplomacy.imports.runs import ImportContext, ImportOptions
from citydiplomacy.imports.tabular import Row, read_rows
from citydiplomacy.sources.services import source_ensure

URBACT_MEMBER_COLUMNS = (
    "Code_Network",
    "NameCity",
    "Country",
    "City.Statut",
    "Network",
    "Description",
    "LeadPartnerCountry",
    "Url",
    "Start",
    "End",
    "geonameId",
    "lng_GN",
    "lat_GN",
)
URBACT_NETWORK_COLUMNS = (
    "Name",
    "Code_Network",
    "Description",
    "LeadPartnerCountry",
    "Url",
    "Start",
    "End",
    "Main.Key.Word",
)
URBACT_ROLES = {"lead partner": "lead-partner", "partner": "partner"}


def urbact_spec(row: Row, *, name_column: str) -> NetworkSpec:
    """An URBACT network from a row of the networks file or of the memberships file."""
    name = cell_value(row.get(name_column))
    founded, dissolved = cell_year(row.get("Start")), cell_year(row.get("End"))
    themes, unmapped = cell_themes(row.get("Main.Key.Word"), row.get("Additionnal.key.words"))
    phase = " ".join(p for p in (cell_value(row.get("Phase")), cell_value(row.get("Type"))) if p)
    lead = cell_value(row.get("LeadPartner"))
    lead_country = cell_country(row.get("LeadPartnerCountry"))
    about = "An URBACT network" + (f" ({phase})" if phase else "")
    if lead or lead_country:
        about += f"; lead partner: {', '.join(p for p in (lead, lead_country) if p)}"
    description = "\n\n".join(
        p
        for p in (cell_value(row.get("Description")), about + ".", cell_value(row.get("Aims")))
        if p
    )
    return NetworkSpec(
        row=row.number,
        code=cell_value(row.get("Code_Network")),
        name=f"{name} (URBACT)",
        kind="programme",
        founded=founded,
        dissolved=dissolved if dissolved >= founded else "",
        website=cell_website(row.get("Url")),
        description=description,
        themes=themes,
        details={"unmapped_keywords": " / ".join(unmapped)},
    )


class UrbactImporter:
    kind = "urbact"
    description = (
        "URBACT network partners (Gourdon's KEEP_AD_URBACT_..._Membership_..._V2.csv, with "
        "GeoNames ids); the URBACT networks file in the same folder describes the networks."
    )

    def source_values(self, path: Path | None) -> dict[str, Any]:
        assert path is not None
        return dataset_source(path, KNOWN, "URBACT network partners")

    def read(self, path: Path | None, options: ImportOptions) -> MembersInput:
        assert path is not None
        rows = read_rows(
            path, required=URBACT_MEMBER_COLUMNS, delimiter=";", encoding=options.encoding
        )
        networks_path = path.parent / URBACT_NETWORKS
        if not networks_path.is_file():
            return MembersInput(rows, [], None)
        network_rows = read_rows(
            networks_path,
            required=URBACT_NETWORK_COLUMNS,
            delimiter=";",
            encoding=options.encoding,
        )
        specs = [urbact_spec(row, name_column="Name") for row in network_rows]
        check_codes(specs, networks_path)
        return MembersInput(rows, specs, networks_path)

    def write(self, data: MembersInput, ctx: ImportContext) -> None:
        networks = self._networks(data, ctx)
        members = [self._decide(row, ctx) for row in progress(data.rows, ctx, "resolving")]
        write_members(members, networks, ctx)

    def _networks(self, data: MembersInput, ctx: ImportContext) -> dict[str, NetworkOutcome]:
        writer = NetworkWriter(ctx, prefix=URBACT_CODE)
        outcomes: dict[str, NetworkOutcome] = {}
        if data.networks_path is not None:
            values = dataset_source(data.networks_path, KNOWN, "URBACT networks")
            outcomes = writer.write_all(data.networks, source_ensure(actor=ctx.actor, **values))
            ctx.report.notes.append(summary(outcomes, data.networks_path.name))
        seen: dict[str, NetworkSpec] = {}
        for row in data.rows:
            code = cell_value(row.get("Code_Network"))
            if code and code not in outcomes and code not in seen:
                seen[code] = urbact_spec(row, name_column="Network")
        outcomes.update(writer.write_all(list(seen.values()), ctx.source))
        return outcomes

    def _decide(self, row: Row, ctx: ImportContext) -> Member:
        network = cell_value(row.get("Code_Network"))
        name, raw_country = cell_value(row.get("NameCity")), cell_value(row.get("Country"))
        country = cell_country(raw_country)
        geonames_id = cell_value(row.get("geonameId"))
        details: dict[str, Any] = {
            "network": network,
            "network_name": cell_value(row.get("Network")),
        }
        role = URBACT_ROLES.get(cell_value(row.get("City.Statut")).lower())
        if role is None:
            message = f"City.Statut {row.get('City.Statut')!r} is neither Lead Partner nor Partner"
            return Member(row, network, "invalid", message, details=details)
        coordinates = (
            cell_coordinates(row, ("lat_GN", "lng_GN")) if ctx.options.use_coordinates else []
        )
        lat, lon = coordinates[0] if coordinates else (None, None)
        query = Query(
            name,
            country,
            lat,
            lon,
            geonames_id=int(geonames_id) if geonames_id.isdigit() else None,
        )
        resolution = ctx.resolver.resolve(query)
        if resolution.status != MATCHED:
            resolution = outside_country(ctx, [name], country, coordinates) or resolution
        joined, left = cell_year(row.get("Start")), cell_year(row.get("End"))
        details.update(describe_end("city_", name, raw_country, resolution))
        details.update(geonames_id_given=geonames_id, role=role, joined=joined, left=left)
        return Member(
            row,
            network,
            resolution.status,
            resolution=resolution,
            role=role,
            joined=joined,
            left=left if left >= joined else "",
            details=details,
        )
