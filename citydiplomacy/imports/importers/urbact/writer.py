"""Writing URBACT networks and memberships: each partner city resolved (its GeoNames id
given), the networks as organisations, the memberships through the shared Gourdon writer.
A partner no gazetteer city matches (or several do) is kept on a provisional place
(`geo.provisional`) with the name, country and point the file gives."""

from typing import Any

from citydiplomacy.geo.provisional import ProvisionalKeeper
from citydiplomacy.geo.resolution.resolver import MATCHED, Query
from citydiplomacy.imports.importers.common import dataset_source, progress
from citydiplomacy.imports.importers.gourdon import (
    KNOWN,
    URBACT_CODE,
    Member,
    MembersInput,
    cell_coordinates,
    cell_country,
    cell_value,
    cell_year,
    outside_country,
    write_members,
)
from citydiplomacy.imports.importers.urbact.reader import URBACT_ROLES, urbact_spec
from citydiplomacy.imports.networks import NetworkOutcome, NetworkSpec, NetworkWriter, summary
from citydiplomacy.imports.report import describe_end
from citydiplomacy.imports.runs import ImportContext
from citydiplomacy.imports.tabular import Row
from citydiplomacy.sources.services import source_ensure


def write(data: MembersInput, ctx: ImportContext) -> None:
    networks = _networks(data, ctx)
    # A member list's regions and bodies are not kept, as for ETMUN (non_cities=False).
    keeper = ProvisionalKeeper(ctx.resolver.index, non_cities=False)
    members = [_decide(row, ctx, keeper) for row in progress(data.rows, ctx, "resolving")]
    keeper.flush(actor=ctx.actor, source=ctx.source, run=ctx.run)
    write_members(members, networks, ctx)


def _networks(data: MembersInput, ctx: ImportContext) -> dict[str, NetworkOutcome]:
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


def _decide(row: Row, ctx: ImportContext, keeper: ProvisionalKeeper) -> Member:
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
    points = cell_coordinates(row, ("lat_GN", "lng_GN"))
    coordinates = points if ctx.options.use_coordinates else []
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
    # Kept on a provisional place with the file's point, even under --ignore-coordinates.
    resolution = keeper.keep(
        Query(name, country), resolution, points[0] if points else None, raw_country
    )
    joined, left = cell_year(row.get("Start")), cell_year(row.get("End"))
    details.update(describe_end("city_", name, raw_country, resolution))
    details.update(geonames_id_given=geonames_id, role=role, joined=joined, left=left)
    unknown = f"country {raw_country!r} is not a known country" if not country else ""
    return Member(
        row,
        network,
        MATCHED if resolution.place is not None else resolution.status,
        # Without a country no provisional place can hold the partner: the row says why.
        unknown if resolution.place is None else "",
        resolution=resolution,
        role=role,
        joined=joined,
        left=left if left >= joined else "",
        details=details,
    )
