"""CDP 2021 cities' emissions-reduction targets: one commitment per row, and the city's own
"percentage of target achieved so far" as a progress report beside the computed figure.

'Type of target' gives the kind: a base-year (absolute) target is an absolute reduction, a
base-year intensity target an intensity reduction, a baseline-scenario target a reduction
against business as usual, a fixed-level target 'other' (its level is kept as the target
value). Rows saying 'No target' (or giving no type) record nothing and are reported so.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citydiplomacy.commitments.importers.common import (
    BulkCitedWriter,
    Resolved,
    amount,
    cities_by_id,
    city_of_organisation,
    column,
    location,
    refusal,
    resolve_rows,
    year,
)
from citydiplomacy.commitments.models import (
    Boundary,
    Commitment,
    CommitmentKind,
    ProgressReport,
)
from citydiplomacy.geo.resolution.resolver import Query
from citydiplomacy.imports.importers.common import dataset_source
from citydiplomacy.imports.runs import ImportContext, ImportOptions
from citydiplomacy.imports.tabular import Row, read_rows

FILE = (
    "CDP_cities_emissions_reduction_targets_2021__2021_Cities_Emissions_Reduction_Targets"
    "_clean_names.csv"
)
KNOWN = {
    FILE: {
        "key": "cdp-2021-emissions-reduction-targets",
        "title": "CDP 2021 Cities Emissions Reduction Targets",
        "author": "CDP (with ICLEI), via Open-Earth-Foundation/OpenClimate",
        "url": "https://data.cdp.net/",
    }
}
REPORTED_IN = "cdp-2021-targets"
KINDS = {
    "Base year emissions (absolute) target": CommitmentKind.ABSOLUTE,
    "Base year intensity target": CommitmentKind.INTENSITY,
    "Baseline scenario (business as usual) target": CommitmentKind.BASELINE_SCENARIO,
    "Fixed level target": CommitmentKind.OTHER,
}


def boundary(text: str) -> str:
    if text.startswith("Same"):
        return Boundary.CITY_WIDE
    if text.startswith("Local Government Operations"):
        return Boundary.GOVERNMENT
    return Boundary.OTHER if text else Boundary.UNKNOWN


@dataclass
class Pending:
    commitment: Commitment
    reported_percent: float | None
    row: int


class CdpTargetsImporter:
    kind = "cdp-targets"
    description = (
        "CDP 2021 cities' emissions-reduction targets: commitments with base year, base "
        "emissions, percentage reduction and target year; the city's reported percent achieved "
        "as a progress report."
    )

    def source_values(self, path: Path | None) -> dict[str, Any]:
        assert path is not None
        return dataset_source(path, KNOWN, "CDP emissions-reduction targets")

    def read(self, path: Path | None, options: ImportOptions) -> list[Row]:
        assert path is not None
        return read_rows(
            path,
            required=("Account.Number", "City", "Country", "Type.of.target", "Target.year"),
            encoding=options.encoding,
        )

    def write(self, rows: list[Row], ctx: ImportContext) -> None:
        def query(row: Row) -> Query:
            lat, lon = location(column(row, "City.Location"))
            name = column(row, "City", "name") or city_of_organisation(column(row, "Organization"))
            return Query(name, column(row, "Country"), lat, lon)

        resolved = resolve_rows(rows, ctx, query)
        keys = [self.key(item.row) for item in resolved]
        existing = set(
            Commitment.objects.filter(external_key__in=keys).values_list("external_key", flat=True)
        )
        cities = cities_by_id({r.city_id for r in resolved})
        pending: list[Pending] = []
        for item in resolved:
            key = self.key(item.row)
            if key in existing:
                ctx.report.add(item.row.number, "unchanged", **item.details)
                continue
            status, message, found = self._one(item, key, cities)
            ctx.report.add(item.row.number, status, message, **item.details)
            if found is not None:
                pending.append(found)
        self._save(pending, ctx)

    @staticmethod
    def key(row: Row) -> str:
        # The file numbers nothing per target; account and row together stay stable.
        return f"{REPORTED_IN}:{column(row, 'Account.Number')}:{row.number}"

    def _one(
        self, item: Resolved, key: str, cities: dict[int, Any]
    ) -> tuple[str, str, Pending | None]:
        row = item.row
        kind_text = column(row, "Type.of.target")
        if kind_text not in KINDS:
            return "invalid", f"the row states no target ({kind_text or 'empty'})", None
        commitment = Commitment(
            city=cities[item.city_id],
            kind=KINDS[kind_text],
            statement=(
                column(
                    row,
                    "Target.description",
                    "Description.of.the.target.and.the.modelling.methodology.ies..and.parameters.used.to.define.it",
                )
            )[:5000],
            boundary=boundary(column(row, "Target.boundary.relative.to.city.boundary")),
            sector=column(row, "Sector")[:200],
            baseline_year=year(column(row, "Base.year")),
            baseline_value=amount(column(row, "Base.year.emissions..metric.tonnes.CO2e.")),
            target_year=year(column(row, "Target.year")),
            target_value=amount(column(row, "Target.year.absolute.emissions..metric.tonnes.CO2e.")),
            target_percent=amount(column(row, "Percentage.reduction.target")),
            unit="t CO2e",
            made=str(year(column(row, "Year.target.was.set")) or ""),
            external_key=key,
        )
        problem = refusal(commitment)
        if problem:
            return "invalid", problem, None
        percent = amount(column(row, "Percentage.of.target.achieved.so.far"))
        return "created", "", Pending(commitment, percent, row.number)

    def _save(self, pending: list[Pending], ctx: ImportContext) -> None:
        writer = BulkCitedWriter(ctx, Commitment)
        writer.create(
            [p.commitment for p in pending], {i: f"row {p.row}" for i, p in enumerate(pending)}
        )
        reports: list[ProgressReport] = []
        locators: dict[int, str] = {}
        for p in pending:
            if p.reported_percent is None:
                continue
            report = ProgressReport(
                commitment=p.commitment,
                year=2021,
                percent_achieved=p.reported_percent,
                reported_in=REPORTED_IN,
            )
            problem = refusal(report)
            if problem:
                ctx.report.notes.append(f"row {p.row}: reported percent not kept: {problem}")
                continue
            locators[len(reports)] = f"row {p.row}, Percentage of target achieved so far"
            reports.append(report)
        BulkCitedWriter(ctx, ProgressReport).create(reports, locators)
