"""Twin-city pairs: resolving both ends (before the write transaction) and writing them.

Each pair becomes one sister-city agreement, whatever order its cities come in and however
often it appears.
"""

from dataclasses import dataclass
from typing import Any

from citydiplomacy.agreements.bulk import AgreementWriter
from citydiplomacy.geo.resolution.resolver import Resolution
from citydiplomacy.imports.importers.common import progress, write_progress
from citydiplomacy.imports.importers.twin_cities.reader import as_written, query
from citydiplomacy.imports.report import describe_end, row_status
from citydiplomacy.imports.runs import ImportContext, Preparation
from citydiplomacy.imports.tabular import Row
from citydiplomacy.imports.writers import ensure_cities


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


def resolve_pairs(rows: list[Row], preparation: Preparation) -> list[Pair]:
    """Both ends of every row, resolved outside the write transaction (reading only): rows
    that do not give two cities are reported here and left out."""
    resolver = preparation.resolver
    use_coordinates = preparation.options.use_coordinates
    pairs: list[Pair] = []
    for row in progress(rows, preparation, "resolving"):
        a = resolver.resolve(query(row, "1", use_coordinates))
        b = resolver.resolve(query(row, "2", use_coordinates))
        status = row_status([a, b])
        if status != "matched":
            preparation.report.add(row.number, status, **_details(row, a, b))
        elif a.place is b.place:
            preparation.report.add(
                row.number, "invalid", "both names resolve to one city", **_details(row, a, b)
            )
        else:
            pairs.append(Pair(row, a, b))
    return pairs


def write_pairs(pairs: list[Pair], ctx: ImportContext) -> None:
    """The resolved pairs' cities (when new) and agreements, each row reported."""
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
