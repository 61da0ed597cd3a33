"""`citydiplomacy import taylor-matrix FILE`: Taylor's connectivity of a researcher's own matrix.

The file is a city-by-organisation table of service values (first column the city, one
column per organisation or firm, values 0 to 5; see `connectivity.parse_matrix`), refused
whole, naming the line and column, when a value or a row is wrong. The model's figures are
computed, not stored: the registry gains no record (the data is the researcher's, not a
source about cities), so each city's line of the report has the status `computed` with its
rank, N(a) and relative connectivity, and `--connectivity-output` writes the ranking as CSV
or JSON. With `--resolve-cities` the report also says which gazetteer city each name is.
"""

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citydiplomacy.geo.resolution.resolver import Query, Resolution
from citydiplomacy.imports.importers.common import dataset_source
from citydiplomacy.imports.report import describe_end
from citydiplomacy.imports.runs import (
    ImportContext,
    ImportOptions,
    Preparation,
    refuse_unwritable_report,
)
from citydiplomacy.imports.tabular import FileRefused
from citydiplomacy.network.connectivity import ServiceMatrix, connectivity, read_matrix

KIND = "taylor-matrix"
OUTPUT_COLUMNS = ("rank", "city", "connectivity", "relative", "line")


def add_arguments(group: Any) -> None:
    group.add_argument(
        "--connectivity-output",
        # Text, not a Path: the run records its options as JSON.
        help="Write the connectivity ranking here (CSV, or JSON for a name ending in .json).",
    )
    group.add_argument(
        "--resolve-cities",
        action="store_true",
        help="Also match each city name to a gazetteer city, in the report.",
    )


@dataclass
class MatrixData:
    matrix: ServiceMatrix
    resolutions: list[Resolution | None] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.matrix.cities)


class TaylorMatrixImporter:
    kind = KIND
    description = (
        "A city-by-organisation matrix of service values (0-5): Taylor's world-city "
        "connectivity, reported; nothing is stored"
    )
    # The gazetteer is built only when --resolve-cities asks for it (in `prepare`).
    resolves = False

    def source_values(self, path: Path | None) -> dict[str, Any]:
        assert path is not None
        return dataset_source(path, {}, "Service-value matrix")

    def read(self, path: Path | None, options: ImportOptions) -> MatrixData:
        if path is None:
            raise FileRefused("taylor-matrix: give the matrix file (CSV).")
        output = options.extra.get("connectivity_output")
        if output is not None:
            _refuse_unwritable(Path(output))
        return MatrixData(read_matrix(path, options.encoding))

    def prepare(self, data: MatrixData, preparation: Preparation) -> MatrixData:
        if preparation.options.extra.get("resolve_cities"):
            resolver = preparation.resolver
            data.resolutions = [resolver.resolve(Query(name)) for name in data.matrix.cities]
        return data

    def write(self, data: MatrixData, ctx: ImportContext) -> None:
        ranking = connectivity(data.matrix).ranking()
        index_of = {name: i for i, name in enumerate(data.matrix.cities)}
        for row in ranking:
            i = index_of[str(row["city"])]
            line = data.matrix.lines[i]
            row["line"] = line
            details: dict[str, Any] = {
                "city": row["city"],
                "rank": row["rank"],
                "connectivity": row["connectivity"],
                "relative": row["relative"],
            }
            if data.resolutions:
                resolution = data.resolutions[i]
                assert resolution is not None
                # The name is the city column already; no country is given.
                ends = describe_end("gazetteer_", str(row["city"]), "", resolution)
                del ends["gazetteer_name"], ends["gazetteer_country"]
                details.update(ends)
            ctx.report.add(line, "computed", **details)
        ctx.report.notes.append(
            f"Taylor's connectivity of {len(ranking):,} cities over "
            f"{len(data.matrix.organisations):,} organisations; nothing is stored in the registry."
        )
        output = ctx.options.extra.get("connectivity_output")
        if output is not None:
            write_ranking(ranking, Path(output))
            ctx.report.notes.append(f"The ranking is written to {output}.")


def write_ranking(ranking: list[dict[str, Any]], path: Path) -> None:
    rows = [{column: row[column] for column in OUTPUT_COLUMNS} for row in ranking]
    if path.suffix.lower() == ".json":
        path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
        return
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(OUTPUT_COLUMNS))
        writer.writeheader()
        writer.writerows(rows)


def _refuse_unwritable(path: Path) -> None:
    try:
        refuse_unwritable_report(path)
    except FileRefused as error:
        raise FileRefused(str(error).replace("--report", "--connectivity-output")) from None
