"""The Net Zero Tracker snapshot (xlsx): end targets of cities, with their year and status.

Only rows whose actor type is 'City' are resolved to cities; regions, countries and
companies are reported as not cities, never forced onto a city. The end target's words
decide the kind (net zero, carbon or climate neutrality and their kin are net zero; an
emissions reduction target is an absolute reduction, ...); 'No target' records nothing.
"""

from pathlib import Path
from typing import Any

from citydiplomacy.commitments.importers.common import (
    BulkCitedWriter,
    cities_by_id,
    iso3_to_iso2,
    refusal,
    resolve_rows,
)
from citydiplomacy.commitments.models import Commitment, CommitmentKind, CommitmentStatus
from citydiplomacy.geo.resolution.resolver import Query
from citydiplomacy.imports.importers.common import dataset_source
from citydiplomacy.imports.runs import ImportContext, ImportOptions
from citydiplomacy.imports.tabular import FileRefused, Row

FILE = "net_zero_tracker__snapshot_2022-12-20_13-07-14.xlsx"
KNOWN = {
    FILE: {
        "key": "net-zero-tracker-2022-12-20",
        "title": "Net Zero Tracker, snapshot of 2022-12-20",
        "author": "Net Zero Tracker (Energy & Climate Intelligence Unit, Data-Driven EnviroLab, "
        "NewClimate Institute, Oxford Net Zero), CC BY 4.0",
        "url": "https://zerotracker.net/",
    }
}
NET_ZERO_WORDS = (
    "Net zero",
    "Carbon neutral(ity)",
    "Climate neutral",
    "Zero carbon",
    "Zero emissions",
    "GHG neutral(ity)",
    "Climate positive",
    "Carbon negative",
    "1.5°C target",
)
KINDS = {
    **dict.fromkeys(NET_ZERO_WORDS, CommitmentKind.NET_ZERO),
    "Emissions reduction target": CommitmentKind.ABSOLUTE,
    "Absolute emissions target": CommitmentKind.ABSOLUTE,
    "Emissions intensity target": CommitmentKind.INTENSITY,
    "Reduction v. BAU": CommitmentKind.BASELINE_SCENARIO,
    "Science-based target": CommitmentKind.OTHER,
    "Other": CommitmentKind.OTHER,
}
REQUIRED = ("id_code", "name", "country", "actor_type", "end_target", "end_target_year")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_sheet(path: Path) -> list[Row]:
    from openpyxl import load_workbook

    if not path.is_file():
        raise FileRefused(f"{path}: no such file.")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise FileRefused(f"{path}: not a readable xlsx workbook ({error}).") from None
    sheet = book.worksheets[0]
    lines = sheet.iter_rows(values_only=True)
    header = [_text(v) for v in next(lines, ())]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise FileRefused(f"{path}: missing column(s) {', '.join(missing)} in the first sheet.")
    rows = []
    for number, values in enumerate(lines, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        rows.append(Row(number, {h: _text(v) for h, v in zip(header, values, strict=False)}))
    book.close()
    return rows


def _status(text: str) -> str:
    return CommitmentStatus.ACHIEVED if text.startswith("Achieved") else CommitmentStatus.ACTIVE


def _number(text: str) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _year(text: str) -> int | None:
    value = _number(text)
    return int(value) if value else None


def _statement(row: Row) -> str:
    """The target in the tracker's words, with its status and the status's date."""
    parts = [row.get("end_target")]
    if row.get("end_target_year"):
        parts[0] += f" by {row.get('end_target_year')}"
    if row.get("end_target_text"):
        parts.append(row.get("end_target_text"))
    if row.get("end_target_status"):
        dated = f" ({row.get('status_date')})" if row.get("status_date") else ""
        parts.append(f"Status in the tracker: {row.get('end_target_status')}{dated}.")
    return "\n".join(parts)[:5000]


class NetZeroTrackerImporter:
    kind = "net-zero-tracker"
    description = (
        "The Net Zero Tracker snapshot (xlsx): end targets of cities with their year and "
        "status; rows of regions, countries and companies are reported as not cities."
    )

    def source_values(self, path: Path | None) -> dict[str, Any]:
        assert path is not None
        return dataset_source(path, KNOWN, "Net Zero Tracker")

    def read(self, path: Path | None, options: ImportOptions) -> list[Row]:
        assert path is not None
        return read_sheet(path)

    def write(self, rows: list[Row], ctx: ImportContext) -> None:
        countries = iso3_to_iso2()

        def query(row: Row) -> Query | str:
            actor = row.get("actor_type")
            if actor != "City":
                return f"the tracker lists it as a {actor.lower() or 'non-city actor'}"
            iso3 = row.get("country")
            return Query(row.get("name"), countries.get(iso3, iso3), entity_type="city")

        resolved = resolve_rows(rows, ctx, query)
        keys = {f"nzt:{item.row.get('id_code')}" for item in resolved}
        existing = set(
            Commitment.objects.filter(external_key__in=keys).values_list("external_key", flat=True)
        )
        cities = cities_by_id({r.city_id for r in resolved})
        new: list[Commitment] = []
        locators: dict[int, str] = {}
        seen: dict[str, int] = {}
        for item in resolved:
            row = item.row
            key = f"nzt:{row.get('id_code')}"
            if key in seen:
                ctx.report.add(
                    row.number, "duplicate", f"same id as row {seen[key]}", **item.details
                )
                continue
            seen[key] = row.number
            if key in existing:
                ctx.report.add(row.number, "unchanged", **item.details)
                continue
            target = row.get("end_target")
            if target not in KINDS:
                ctx.report.add(
                    row.number, "invalid", f"no target ({target or 'empty'})", **item.details
                )
                continue
            commitment = Commitment(
                city=cities[item.city_id],
                kind=KINDS[target],
                statement=_statement(row),
                baseline_year=_year(row.get("end_target_baseline_year")),
                target_year=_year(row.get("end_target_year")),
                target_percent=_number(row.get("end_target_percentage_reduction")),
                # The tracker dates the target's status, not when it was made: left unknown.
                made="",
                status=_status(row.get("end_target_status")),
                external_key=key,
            )
            problem = refusal(commitment)
            if problem:
                ctx.report.add(row.number, "invalid", problem, **item.details)
                continue
            note = f"status in the tracker: {row.get('end_target_status') or 'not given'}"
            locators[len(new)] = f"row {row.number} ({row.get('id_code')})"
            new.append(commitment)
            ctx.report.add(row.number, "created", note, **item.details)
        BulkCitedWriter(ctx, Commitment).create(new, locators)
