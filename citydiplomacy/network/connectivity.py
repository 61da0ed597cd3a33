"""World-city connectivity: Taylor's interlocking network model (Taylor 2001).

With service values v(a,j) of city a in organisation (or firm) j, the link between two
cities is r(a,b) = sum over j of v(a,j) * v(b,j), and a city's connectivity is
N(a) = sum over b != a of r(a,b); it is also reported relative to the highest, N(a) / max N.

Computed on a sparse city-by-organisation matrix V without forming the city-by-city matrix:
N = V (V^T 1) - rowsum(V o V), since sum over all b of r(a,b) = sum over j of v(a,j) * (sum over
b of v(b,j)), minus the city's own term r(a,a). Two sources feed the model: the registry's
memberships (values from roles, see organisations.graph.service_values) and a matrix the user
supplies (`read_matrix`: a first column naming the city, one column per organisation or
firm, values 0 to 5; the layout of GaWC's published data sets).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from citydiplomacy.imports.tabular import FileRefused, read_text

if TYPE_CHECKING:
    # scipy loads when a matrix is built, not when the site starts.
    import scipy.sparse as sp

MAX_SERVICE_VALUE = 5


@dataclass
class ServiceMatrix:
    """Rows are cities (by label), columns organisations; values are service values."""

    cities: list[str]
    organisations: list[str]
    values: sp.csr_matrix
    lines: list[int] = field(default_factory=list)  # each city's line in the file, if read


@dataclass
class Connectivity:
    cities: list[str]
    total: npt.NDArray[np.float64]  # N(a)
    relative: npt.NDArray[np.float64]  # N(a) / max N

    def ranking(self) -> list[dict[str, object]]:
        order = np.argsort(-self.total, kind="stable")
        return [
            {
                "rank": rank,
                "city": self.cities[i],
                "connectivity": float(self.total[i]),
                "relative": round(float(self.relative[i]), 6),
            }
            for rank, i in enumerate(order, start=1)
        ]


def connectivity(matrix: ServiceMatrix) -> Connectivity:
    v = matrix.values.astype(np.float64).tocsr()
    column_totals = np.asarray(v.sum(axis=0)).ravel()
    own = np.asarray(v.multiply(v).sum(axis=1)).ravel()
    total = np.asarray(v @ column_totals).ravel() - own
    highest = total.max() if len(total) else 0.0
    relative = total / highest if highest > 0 else np.zeros_like(total)
    return Connectivity(matrix.cities, total, relative)


def links(matrix: ServiceMatrix, city: int) -> npt.NDArray[np.float64]:
    """r(city, b) for every b (r(city, city) set to 0)."""
    v = matrix.values.astype(np.float64).tocsr()
    row = np.asarray((v @ v[city].T).todense()).ravel()
    row[city] = 0.0
    return row


def from_values(values: dict[tuple[int, str], int]) -> ServiceMatrix:
    """The registry's (city id, organisation slug) -> value pairs as a matrix."""
    cities = sorted({city for city, _ in values})
    organisations = sorted({org for _, org in values})
    row_of = {city: i for i, city in enumerate(cities)}
    column_of = {org: j for j, org in enumerate(organisations)}
    rows = np.fromiter((row_of[c] for c, _ in values), dtype=np.int64, count=len(values))
    columns = np.fromiter((column_of[o] for _, o in values), dtype=np.int64, count=len(values))
    data = np.fromiter(values.values(), dtype=np.float64, count=len(values))
    import scipy.sparse as sp

    matrix = sp.csr_matrix((data, (rows, columns)), shape=(len(cities), len(organisations)))
    return ServiceMatrix([str(city) for city in cities], organisations, matrix)


def _cell(text: str, line: int, column: str, path: Path) -> float:
    raw = text.strip().replace(",", ".")
    if not raw:
        return 0.0
    try:
        value = float(raw)
    except ValueError:
        raise FileRefused(
            f"{path}: line {line}, column {column!r}: {text!r} is not a number "
            f"(service values run from 0 to {MAX_SERVICE_VALUE})."
        ) from None
    if not math.isfinite(value) or not 0 <= value <= MAX_SERVICE_VALUE:
        raise FileRefused(
            f"{path}: line {line}, column {column!r}: {text!r} is outside 0 to {MAX_SERVICE_VALUE}."
        )
    return value


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d])


def parse_matrix(text: str, path: Path) -> ServiceMatrix:
    """A city-by-organisation table: first column the city, then one column per organisation.

    Refused whole, naming the line and column, when a value is not a number from 0 to 5, a
    city appears twice, or the table has no organisation column or no city.
    """
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise FileRefused(f"{path}: the file is empty.")
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(lines[0]))
    header = [cell.strip() for cell in next(reader)]
    organisations = header[1:]
    if not organisations:
        raise FileRefused(f"{path}: the header names no organisation column after the city.")
    blank = [i + 2 for i, name in enumerate(organisations) if not name]
    if blank:
        raise FileRefused(f"{path}: header column {blank[0]} has no name.")
    cities: list[str] = []
    numbers: list[int] = []
    seen: dict[str, int] = {}
    rows: list[Sequence[float]] = []
    for record in reader:
        if not any(cell.strip() for cell in record):
            continue
        line = reader.line_num
        name = record[0].strip()
        if not name:
            raise FileRefused(f"{path}: line {line} has values but no city in the first column.")
        if len(record) != len(header):
            raise FileRefused(
                f"{path}: line {line} has {len(record)} fields but the header has {len(header)}."
            )
        if name in seen:
            raise FileRefused(
                f"{path}: line {line}: {name!r} already appears on line {seen[name]}."
            )
        seen[name] = line
        cities.append(name)
        numbers.append(line)
        rows.append(
            [_cell(cell, line, organisations[j], path) for j, cell in enumerate(record[1:])]
        )
    if not cities:
        raise FileRefused(f"{path}: the table has a header but no city.")
    import scipy.sparse as sp

    values = sp.csr_matrix(np.asarray(rows, dtype=np.float64))
    return ServiceMatrix(cities, organisations, values, numbers)


def read_matrix(path: Path, encoding: str = "utf-8-sig") -> ServiceMatrix:
    return parse_matrix(read_text(path, encoding), path)
