"""Writing ETMUN networks (organisations) and memberships: each member resolved to a city,
written through the shared Gourdon writer.
"""

from pathlib import Path
from typing import Any

from citydiplomacy.geo.provisional import ProvisionalKeeper
from citydiplomacy.geo.resolution.resolver import MATCHED, NOT_A_CITY, Query
from citydiplomacy.imports.importers.common import dataset_source, progress
from citydiplomacy.imports.importers.etmun.reader import (
    etmun_joined,
    etmun_role,
    member_name,
    name_candidates,
    non_city_member,
)
from citydiplomacy.imports.importers.gourdon import (
    ETMUN_CODE,
    KNOWN,
    Member,
    MembersInput,
    cell_coordinates,
    cell_country,
    cell_value,
    resolve_member,
    write_members,
)
from citydiplomacy.imports.networks import (
    NetworkOutcome,
    NetworkSpec,
    NetworkWriter,
    report_network,
    summary,
)
from citydiplomacy.imports.report import describe_end
from citydiplomacy.imports.runs import ImportContext
from citydiplomacy.imports.tabular import Row
from citydiplomacy.sources.services import source_ensure


def _minimal_specs(
    rows: list[Row], known: set[str], code_column: str, name_column: str, file_name: str
) -> list[NetworkSpec]:
    """Networks named by member rows but absent from the networks file: made from the name."""
    specs: dict[str, NetworkSpec] = {}
    for row in rows:
        code, name = cell_value(row.get(code_column)), cell_value(row.get(name_column))
        if code and code not in known and code not in specs:
            specs[code] = NetworkSpec(
                row=row.number,
                code=code,
                name=name or code,
                kind="city-network",
                description=f"Known only as {name or code} from the member rows of {file_name}.",
            )
    return list(specs.values())


def _country_note(raw: str) -> str:
    if raw == "NA":
        # R writes a missing value as NA; later steps of the data took it for Namibia.
        return "country code NA read as missing (not Namibia): resolved without a country"
    if not raw:
        return "no country code: resolved without a country"
    return f"country code {raw!r} is not a known country: resolved without a country"


def write_networks(specs: list[NetworkSpec], ctx: ImportContext) -> None:
    writer = NetworkWriter(ctx, prefix=ETMUN_CODE)
    for spec in progress(specs, ctx, "networks"):
        report_network(ctx, spec, writer.write(spec, ctx.source))


def write_memberships(data: MembersInput, ctx: ImportContext) -> None:
    organisations = _networks(data, ctx)
    keeper = ProvisionalKeeper(ctx.resolver.index, non_cities=False)
    members = [_decide(row, ctx, keeper) for row in progress(data.rows, ctx, "resolving")]
    keeper.flush(actor=ctx.actor, source=ctx.source, run=ctx.run)
    write_members(members, organisations, ctx)


def _networks(data: MembersInput, ctx: ImportContext) -> dict[str, NetworkOutcome]:
    writer = NetworkWriter(ctx, prefix=ETMUN_CODE)
    outcomes: dict[str, NetworkOutcome] = {}
    if data.networks_path is not None:
        source = source_ensure(actor=ctx.actor, **networks_source(data.networks_path))
        outcomes = writer.write_all(data.networks, source)
        ctx.report.notes.append(summary(outcomes, data.networks_path.name))
    missing = _minimal_specs(
        data.rows, set(outcomes), "Code_Network", "Network_Name", ctx.source.file_name
    )
    made = writer.write_all(missing, ctx.source)
    for code, outcome in made.items():
        outcome.member_note = "network not in the networks file: made from its name"
        outcomes[code] = outcome
    return outcomes


def networks_source(path: Path) -> dict[str, Any]:
    return dataset_source(path, KNOWN, "Municipal networks")


def _decide(row: Row, ctx: ImportContext, keeper: ProvisionalKeeper) -> Member:
    network = cell_value(row.get("Code_Network"))
    details = {
        "network": network,
        "network_name": cell_value(row.get("Network_Name")),
        "entity": cell_value(row.get("EntitySimplified")),
        "full_name": cell_value(row.get("Full_Name")),
    }
    reason = non_city_member(row)
    if reason:
        return Member(row, network, NOT_A_CITY, reason, details=details)
    country = cell_country(row.get("CountryCode"))
    notes = [] if country else [_country_note(row.get("CountryCode"))]
    name = member_name(row)
    coordinates = (
        cell_coordinates(row, ("lat", "lon"), ("Y", "X")) if ctx.options.use_coordinates else []
    )
    resolution = resolve_member(ctx, name_candidates(name), country, coordinates)
    # A member no gazetteer city matches is kept on a provisional place, with the file's point.
    points = cell_coordinates(row, ("lat", "lon"), ("Y", "X"))
    resolution = keeper.keep(
        Query(name, country), resolution, points[0] if points else None, row.get("CountryCode")
    )
    role, role_note = etmun_role(row.get("Statut"))
    joined, joined_note = etmun_joined(row.get("Year_of_Joining"))
    details.update(describe_end("city_", name, row.get("CountryCode"), resolution))
    details.update(role=role, joined=joined)
    return Member(
        row,
        network,
        MATCHED if resolution.place is not None else resolution.status,
        "; ".join(n for n in notes if n),
        resolution,
        role=role,
        joined=joined,
        note=" ".join(n for n in (role_note, joined_note) if n),
        details=details,
    )
