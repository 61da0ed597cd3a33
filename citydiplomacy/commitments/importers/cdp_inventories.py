"""CDP city-wide emissions inventories, one CSV per reporting year (2016-2021).

The columns change between years: 2016 has 'Measurement Year' and 'Total City-wide
Emissions'; 2017 'Accounting year' and 'Total emissions'; 2018-2021 the GPC totals ('Total
BASIC Emissions (GPC)', then BASIC+) beside the scope totals, under names that change case
and spelling. Each layout is recognised by its columns; the total stored is the file's
city-wide total, else the GPC BASIC total, else BASIC+ (the note says which). The accounting
year is the year the accounting period ends ('2013-07-01 - 2014-06-30' is 2014). Rows that
report no inventory ('In progress', 'Intending to undertake...') are reported as such.
"""

import re
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
    header_key,
    location,
    refusal,
    resolve_rows,
)
from citydiplomacy.commitments.models import EmissionsInventory
from citydiplomacy.geo.resolution.resolver import Query
from citydiplomacy.imports.importers.common import dataset_source
from citydiplomacy.imports.runs import ImportContext, ImportOptions
from citydiplomacy.imports.tabular import FileRefused, Row, read_rows

CDP = {
    "author": "CDP (with ICLEI), via Open-Earth-Foundation/OpenClimate",
    "url": "https://data.cdp.net/",
}
_FILES = [
    ("CDP_citywide_emissions_2016__2016_-_Citywide_GHG_Emissions.csv", 2016,
     "CDP 2016 Citywide GHG Emissions"),
    ("CDP_citywide_emissions_2017__2017_-_Cities_Community_Wide_Emissions.csv", 2017,
     "CDP 2017 Cities Community Wide Emissions"),
    ("CDP_citywide_emissions_2018__2018_City-wide_Emissions.csv", 2018,
     "CDP 2018 City-wide Emissions"),
    ("CDP_citywide_emissions_2019__2019_City-wide_Emissions.csv", 2019,
     "CDP 2019 City-wide Emissions"),
    ("CDP_citywide_emissions_2020__2020_-_City-Wide_Emissions.csv", 2020,
     "CDP 2020 City-Wide Emissions"),
    ("CDP_citywide_emissions_2021__2021_City-wide_Emissions.csv", 2021,
     "CDP 2021 City-wide Emissions"),
]  # fmt: skip
KNOWN = {
    name: {"key": f"cdp-citywide-emissions-{year}", "title": title, **CDP}
    for name, year, title in _FILES
}


@dataclass(frozen=True)
class Layout:
    """Where one year's file keeps each figure (candidate columns, first non-empty wins)."""

    name: str
    accounting: tuple[str, ...]
    total: tuple[str, ...]
    scope1: tuple[str, ...]
    scope2: tuple[str, ...]
    scope3: tuple[str, ...]
    boundary: tuple[str, ...]
    protocol: tuple[str, ...]
    gases: tuple[str, ...] = ("Gases included",)
    status: tuple[str, ...] = ()


LAYOUTS = [
    Layout(
        "2016",
        accounting=("Measurement Year",),
        total=("Total City-wide Emissions (metric tonnes CO2e)",),
        scope1=("Total Scope 1 Emissions (metric tonnes CO2e)",),
        scope2=("Total Scope 2 Emissions (metric tonnes CO2e)",),
        scope3=(),
        boundary=("Boundary",),
        protocol=("Primary Methodology",),
    ),
    Layout(
        "2017",
        accounting=("Accounting year",),
        total=("Total emissions (metric tonnes CO2e)",),
        scope1=("Total Scope 1 Emissions (metric tonnes CO2e)",),
        scope2=("Total Scope 2 Emissions (metric tonnes CO2e)",),
        scope3=(),
        boundary=("Boundary",),
        protocol=("Protocol",),
    ),
    Layout(
        "2018-2021",
        accounting=("Accounting Year",),
        total=("Total BASIC Emissions (GPC)", "Total BASIC+ Emissions (GPC)"),
        # The scope totals, else the Common Reporting Framework's rows of the total
        # excluding the generation of grid-supplied energy (what most cities fill in).
        scope1=(
            "Total Scope 1 Emissions (metric tonnes CO2e)",
            "Direct emissions/ Scope 1 (metric tonnes CO2e) for Total emissions (excluding "
            "generation of grid-supplied energy)",
            "Direct emissions (metric tonnes CO2e) for Total emissions (excluding generation of "
            "grid-supplied energy)",
        ),
        scope2=(
            "Total Scope 2 Emissions (metric tonnes CO2e)",
            "Indirect emissions from use of grid supplied energy/Scope 2 (metric tonnes CO2e) for "
            "Total emissions (excluding generation of grid-supplied energy)",
            "Indirect emissions from use of grid supplied energy (metric tonnes CO2e) for Total "
            "Emissions (excluding generation of grid-supplied energy)",
        ),
        scope3=(
            "Total Scope 3 emissions (metric tonnes CO2e)",
            "TOTAL Scope 3 Emissions",
            "Emissions occurring outside city boundary/ Scope 3 (metric tonnes CO2e) for Total "
            "emissions (excluding generation of grid-supplied energy)",
            "Emissions occurring outside city boundary (metric tonnes CO2e) for Total Emissions "
            "(excluding generation of grid-supplied energy)",
        ),
        boundary=(
            "Inventory Boundary",
            "Inventory boundary (compared to Administrative city boundary)",
            "Administrative city boundary",
        ),
        protocol=("Primary Protocol",),
        status=("City-wide Emissions Inventory",),
    ),
]


def layout_of(header: list[str]) -> Layout:
    keys = {header_key(h) for h in header}
    for layout in LAYOUTS:
        if header_key(layout.total[0]) in keys and header_key(layout.accounting[0]) in keys:
            return layout
    raise FileRefused(
        "This is not a CDP city-wide emissions file of 2016-2021: no column of its totals "
        f"and accounting year (the header has: {', '.join(header)})."
    )


def accounting_year(text: str) -> int | None:
    """The year an accounting period ends: '2013-07-01 - 2014-06-30' -> 2014."""
    years = re.findall(r"(?<!\d)(\d{4})(?!\d)", text)
    return int(years[-1]) if years else None


@dataclass
class InventoryFile:
    rows: list[Row]
    layout: Layout
    reported_in: str


class CdpInventoriesImporter:
    kind = "cdp-inventories"
    description = (
        "CDP city-wide emissions inventories (one CSV per reporting year, 2016-2021, whatever "
        "its layout): one inventory per city and accounting year, cited to the file's row."
    )

    def source_values(self, path: Path | None) -> dict[str, Any]:
        assert path is not None
        return dataset_source(path, KNOWN, "CDP city-wide emissions")

    def read(self, path: Path | None, options: ImportOptions) -> InventoryFile:
        assert path is not None
        rows = read_rows(path, required=("Country",), encoding=options.encoding)
        header = list(rows[0].values) if rows else []
        layout = layout_of(header)
        first = rows[0] if rows else None
        reported = (
            column(first, "Year Reported to CDP", "Reporting year", "Reporting Year")
            if first
            else ""
        )
        if not reported:
            found = re.search(r"(20\d\d)", path.name)
            reported = found.group(1) if found else path.stem
        return InventoryFile(rows, layout, f"cdp-{reported}")

    def write(self, data: InventoryFile, ctx: ImportContext) -> None:
        def query(row: Row) -> Query:
            lat, lon = location(column(row, "City Location"))
            name = column(row, "City", "City Short Name") or city_of_organisation(
                column(row, "City Name", "Organization")
            )
            return Query(name, column(row, "Country"), lat, lon)

        resolved = resolve_rows(data.rows, ctx, query)
        existing = set(
            EmissionsInventory.objects.filter(reported_in=data.reported_in).values_list(
                "city_id", "year"
            )
        )
        cities = cities_by_id({r.city_id for r in resolved})
        seen: dict[tuple[int, int], int] = {}
        new: list[EmissionsInventory] = []
        locators: dict[int, str] = {}
        for item in resolved:
            status, message, inventory = self._one(item, data, cities)
            if inventory is None:
                ctx.report.add(item.row.number, status, message, **item.details)
                continue
            key = (inventory.city_id, inventory.year)
            if key in seen:
                ctx.report.add(
                    item.row.number,
                    "duplicate",
                    f"same city and year as row {seen[key]}",
                    **item.details,
                )
            elif key in existing:
                seen[key] = item.row.number
                ctx.report.add(item.row.number, "unchanged", **item.details)
            else:
                seen[key] = item.row.number
                locators[len(new)] = f"row {item.row.number}"
                new.append(inventory)
                ctx.report.add(item.row.number, "created", message, **item.details)
        BulkCitedWriter(ctx, EmissionsInventory).create(new, locators)

    def _one(
        self, item: Resolved, data: InventoryFile, cities: dict[int, Any]
    ) -> tuple[str, str, EmissionsInventory | None]:
        row, layout = item.row, data.layout
        accounting = accounting_year(column(row, *layout.accounting))
        totals = [(name, amount(column(row, name))) for name in layout.total]
        chosen = next(((n, v) for n, v in totals if v is not None), (None, None))
        scopes = [amount(column(row, *names)) if names else None for names in
                  (layout.scope1, layout.scope2, layout.scope3)]  # fmt: skip
        said = column(row, *layout.status) if layout.status else ""
        no_figures = chosen[1] is None and all(s is None for s in scopes)
        # A 'Yes' without figures still says the city has an inventory for that year.
        if accounting is None or (no_figures and said != "Yes"):
            why = f" ({said})" if said else ""
            return "invalid", f"the row reports no inventory{why}", None
        inventory = EmissionsInventory(
            city=cities[item.city_id],
            year=accounting,
            total=chosen[1],
            scope1=scopes[0],
            scope2=scopes[1],
            scope3=scopes[2],
            protocol=column(row, *layout.protocol)[:300],
            boundary=column(row, *layout.boundary)[:300],
            gases=column(row, "Gases included")[:300],
            reported_in=data.reported_in,
        )
        problem = refusal(inventory)
        if problem:
            return "invalid", problem, None
        notes = []
        if chosen[0] is not None and chosen[0] != layout.total[0]:
            notes.append(f"total from '{chosen[0]}'")
        if chosen[0] is None:
            notes.append("no total stated" + ("; no figures stated" if no_figures else ""))
        note = "; ".join(notes)
        return "created", note, inventory
