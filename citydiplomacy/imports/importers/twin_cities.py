"""Twin-city pairs given as city and country names, with or without coordinates.

The layout is that of Hekman's twin-town lists scraped from Wikipedia (`city1, country1,
city2, country2`, and optionally `lat1, lng1, lat2, lng2`). Each pair becomes one sister-city
agreement, whatever order its cities come in and however often it appears.
"""

from pathlib import Path
from typing import Any

from citydiplomacy.agreements.bulk import AgreementWriter
from citydiplomacy.geo.resolution.resolver import Query, Resolution
from citydiplomacy.imports.importers.common import (
    dataset_source,
    number,
    progress,
    write_progress,
)
from citydiplomacy.imports.report import describe_end, row_status
from citydiplomacy.imports.runs import ImportContext, ImportOptions
from citydiplomacy.imports.tabular import Row, read_rows
from citydiplomacy.imports.writers import ensure_cities

HEKMAN = {
    "title": "Twin towns and sister cities listed on Wikipedia (Hekman/twincities)",
    "author": "Hekman/twincities (MIT), from Wikipedia's lists of twin towns (CC BY-SA)",
    "url": "https://github.com/Hekman/twincities",
}
KNOWN = {
    "app_public_twin_cities.csv": {"key": "hekman-twincities-geocoded", **HEKMAN},
    "twin_cities_raw.csv": {"key": "hekman-twincities-raw", **HEKMAN},
}


def _query(row: Row, end: str, use_coordinates: bool) -> Query:
    lat = number(row.get(f"lat{end}")) if use_coordinates else None
    lon = number(row.get(f"lng{end}")) if use_coordinates else None
    return Query(row.get(f"city{end}"), row.get(f"country{end}"), lat, lon)


def as_written(row: Row) -> str:
    """Both ends as the file writes them, for the citation: 'Steglitz-Zehlendorf (Berlin),
    Germany | Sderot, Israel'."""
    return " | ".join(
        ", ".join(part for part in (row.get(f"city{end}"), row.get(f"country{end}")) if part)
        for end in ("1", "2")
    )


class TwinCitiesImporter:
    kind = "twin-cities"
    description = (
        "Twin-city pairs as city and country names (city1,country1,city2,country2[,lat1,lng1,"
        "lat2,lng2]), e.g. Hekman's Wikipedia twin-town lists."
    )

    def source_values(self, path: Path | None) -> dict[str, Any]:
        assert path is not None
        return dataset_source(path, KNOWN, "Twin-city pairs")

    def read(self, path: Path | None, options: ImportOptions) -> list[Row]:
        assert path is not None
        return read_rows(
            path, required=("city1", "country1", "city2", "country2"), encoding=options.encoding
        )

    def write(self, rows: list[Row], ctx: ImportContext) -> None:
        resolver = ctx.resolver
        resolved: list[tuple[Row, Resolution, Resolution]] = []
        for row in progress(rows, ctx, "resolving"):
            a = resolver.resolve(_query(row, "1", ctx.options.use_coordinates))
            b = resolver.resolve(_query(row, "2", ctx.options.use_coordinates))
            details = {
                **describe_end("a_", row.get("city1"), row.get("country1"), a),
                **describe_end("b_", row.get("city2"), row.get("country2"), b),
            }
            status = row_status([a, b])
            if status != "matched":
                ctx.report.add(row.number, status, **details)
            elif a.place is b.place:
                ctx.report.add(row.number, "invalid", "both names resolve to one city", **details)
            else:
                resolved.append((row, a, b))
        ensure_cities([r.place for _, a, b in resolved for r in (a, b) if r.place], ctx)
        self._write_pairs(resolved, ctx)

    def _write_pairs(
        self, resolved: list[tuple[Row, Resolution, Resolution]], ctx: ImportContext
    ) -> None:
        writer = AgreementWriter(ctx.actor, ctx.source, kind="sister-city")
        seen: dict[int, str] = {}
        for row, a, b in resolved:
            assert a.place is not None and b.place is not None
            seen[row.number] = writer.add(
                a.place.geonames_id,
                b.place.geonames_id,
                row=row.number,
                as_written=as_written(row),
                via_district=a.via_district or b.via_district,
            )
        with write_progress(ctx, "writing agreements", len(writer.pending)) as step:
            writer.progress = step
            outcome = writer.flush()
        for row, a, b in resolved:
            assert a.place is not None and b.place is not None
            pair = tuple(sorted((a.place.geonames_id, b.place.geonames_id)))
            details = {
                **describe_end("a_", row.get("city1"), row.get("country1"), a),
                **describe_end("b_", row.get("city2"), row.get("country2"), b),
            }
            if seen[row.number] == "duplicate":
                first = writer.first_row[pair]  # type: ignore[index]
                ctx.report.add(row.number, "duplicate", f"same pair as row {first}", **details)
            else:
                status = outcome[pair]  # type: ignore[index]
                message = writer.messages.get(pair, "") if status == "refused" else ""  # type: ignore[arg-type]
                ctx.report.add(row.number, status, message, **details)
