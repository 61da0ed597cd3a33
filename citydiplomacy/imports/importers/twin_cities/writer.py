"""Twin-city pairs: resolving both ends (before the write transaction) and writing them.

Each pair becomes one sister-city agreement, whatever order its cities come in and however
often it appears. An end no gazetteer city matches (or several do) is kept on a provisional
place (`geo.provisional`) with the name, country and point the file gives, for a person to
settle in the review queue; the tie is never dropped for it.
"""

from dataclasses import dataclass
from typing import Any

from citydiplomacy.agreements.bulk import AgreementWriter
from citydiplomacy.geo.provisional import ProvisionalKeeper
from citydiplomacy.geo.resolution.resolver import AMBIGUOUS, CityResolver, Query, Resolution
from citydiplomacy.imports.importers.common import progress, write_progress
from citydiplomacy.imports.importers.twin_cities.reader import as_written, query
from citydiplomacy.imports.report import describe_end, row_status
from citydiplomacy.imports.runs import ImportContext, Preparation
from citydiplomacy.imports.tabular import Row
from citydiplomacy.imports.writers import ensure_cities

SAME_CITY = "resolves to the same city as the other end"


@dataclass(frozen=True)
class Pair:
    """A row whose two ends resolved to two different cities."""

    row: Row
    a: Resolution
    b: Resolution

    def details(self) -> dict[str, Any]:
        return _details(self.row, self.a, self.b)


def _details(row: Row, a: Resolution, b: Resolution) -> dict[str, Any]:
    return {
        **describe_end("a_", row.get("city1"), row.get("country1"), a),
        **describe_end("b_", row.get("city2"), row.get("country2"), b),
    }


@dataclass
class Prepared:
    pairs: list[Pair]
    keeper: ProvisionalKeeper


def resolve_pairs(rows: list[Row], preparation: Preparation) -> Prepared:
    """Both ends of every row, resolved outside the write transaction (reading only): an
    end no city matched goes on a provisional place, and so does the second end of a pair
    whose two ends resolve to one city; rows that still do not give two places (an unknown
    country, a name settled as not a city) are reported here and left out."""
    resolver = preparation.resolver
    keeper = ProvisionalKeeper(resolver.index)
    use_coordinates = preparation.options.use_coordinates
    pairs: list[Pair] = []
    for row in progress(rows, preparation, "resolving"):
        a, b = (_end(row, end, resolver, keeper, use_coordinates) for end in ("1", "2"))
        status = row_status([r for r in (a, b) if r.place is None])
        if status != "matched":
            preparation.report.add(row.number, status, **_details(row, a, b))
        else:
            b = _apart(row, a, b, keeper) if a.place is b.place else b
            # Still one place only when a person settled the second end's place to this
            # very city: their decision stands, and a city is never twinned with itself.
            if a.place is b.place:
                preparation.report.add(
                    row.number, "invalid", "both names resolve to one city", **_details(row, a, b)
                )
            else:
                pairs.append(Pair(row, a, b))
    return Prepared(pairs, keeper)


def _written(row: Row, end: str) -> tuple[Query, tuple[float, float] | None]:
    """The end as the file writes it, with its point: a provisional place takes the file's
    point even under --ignore-coordinates."""
    written = query(row, end, True)
    if written.latitude is None or written.longitude is None:
        return written, None
    return written, (written.latitude, written.longitude)


def _end(
    row: Row, end: str, resolver: CityResolver, keeper: ProvisionalKeeper, use_coordinates: bool
) -> Resolution:
    written, point = _written(row, end)
    return keeper.keep(written, resolver.resolve(query(row, end, use_coordinates)), point)


def _apart(row: Row, a: Resolution, b: Resolution, keeper: ProvisionalKeeper) -> Resolution:
    """The second end of a pair whose two ends resolve to one city ("Berlin" twinned with
    "Charlottenburg-Wilmersdorf (Berlin)"), on a provisional place of its own named as
    written, with that city as its candidate: the tie is kept for a person to settle rather
    than dropped, and never made between a city and itself."""
    assert b.place is not None
    written, point = _written(row, "2")
    city = b.place
    same = Resolution(
        AMBIGUOUS,
        candidates=[city],
        method=b.method,
        note=f"{SAME_CITY} ({city.name}, {city.country})",
    )
    kept = keeper.keep(written, same, point)
    return kept if kept.place is not None and kept.place is not a.place else b


def write_pairs(prepared: Prepared, ctx: ImportContext) -> None:
    """The resolved pairs' cities (when new), provisional places and agreements, each row
    reported."""
    pairs = prepared.pairs
    prepared.keeper.flush(actor=ctx.actor, source=ctx.source, run=ctx.run)
    ensure_cities([r.place for pair in pairs for r in (pair.a, pair.b) if r.place], ctx)
    writer = AgreementWriter(ctx.actor, ctx.source, kind="sister-city")
    seen: dict[int, str] = {}
    for pair in pairs:
        assert pair.a.place is not None and pair.b.place is not None
        seen[pair.row.number] = writer.add(
            pair.a.place.geonames_id,
            pair.b.place.geonames_id,
            row=pair.row.number,
            as_written=as_written(pair.row),
            via_district=pair.a.via_district or pair.b.via_district,
        )
    with write_progress(ctx, "writing agreements", len(writer.pending)) as step:
        writer.progress = step
        outcome = writer.flush()
    for pair in pairs:
        assert pair.a.place is not None and pair.b.place is not None
        key = tuple(sorted((pair.a.place.geonames_id, pair.b.place.geonames_id)))
        if seen[pair.row.number] == "duplicate":
            first = writer.first_row[key]  # type: ignore[index]
            ctx.report.add(
                pair.row.number, "duplicate", f"same pair as row {first}", **pair.details()
            )
        else:
            status = outcome[key]  # type: ignore[index]
            message = writer.messages.get(key, "") if status == "refused" else ""  # type: ignore[arg-type]
            ctx.report.add(pair.row.number, status, message, **pair.details())
