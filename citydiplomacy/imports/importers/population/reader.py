"""Reading a World Urbanization Prospects File 12 sheet: its header, revision and
agglomerations, refusing a sheet that is not one.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlrd
from xlrd.biffh import XLRDError
from xlrd.compdoc import CompDocError

from citydiplomacy.imports.importers.common import dataset_source
from citydiplomacy.imports.runs import ImportOptions
from citydiplomacy.imports.tabular import FileRefused

WUP_FILE = "WUP2018-F12-Cities_Over_300K.xls"
KNOWN = {
    WUP_FILE: {
        "key": "un-wup2018-f12",
        "title": "World Urbanization Prospects: The 2018 Revision, File 12",
        "author": "United Nations, Department of Economic and Social Affairs, Population Division",
        "published": "2018",
        "url": "https://population.un.org/wup/",
        "note": (
            "Population of urban agglomerations with 300,000 inhabitants or more in 2018, "
            "1950-2035, in thousands (POP/DB/WUP/Rev.2018/1/F12). Licence: CC BY 3.0 IGO. "
            "Figures for years after 2018 are the revision's projections."
        ),
    }
}
SHEET = "Data"
HEADER_ROW = 17  # 1-based, as Excel shows it, in the 2018 revision
HEADER_SEARCH = 40  # the header is looked for among the first rows
COLUMNS = (
    "Index",
    "Country Code",
    "Country or area",
    "City Code",
    "Urban Agglomeration",
    "Note",
    "Latitude",
    "Longitude",
)
# An agglomeration's coordinates may lie this far from the gazetteer's point for its core
# city (prefecture-level cities in China, Japan's metropolitan areas), no farther.
CORE_KM = 75.0
# A place this close to the coordinates with a similar name is the core city ("Suweon").
NEARBY_KM = 15.0
SIMILAR = 85.0


@dataclass(frozen=True)
class Agglomeration:
    row: int  # the sheet row, 1-based as Excel shows it
    city_code: str
    name: str
    country_code: str
    country_name: str
    latitude: float | None
    longitude: float | None
    thousands: dict[int, float] = field(default_factory=dict)
    problem: str = ""

    @property
    def locator(self) -> str:
        return f"row {self.row}, City Code {self.city_code}"


# --- Reading the workbook -----------------------------------------------------------------


def _open_sheet(path: Path) -> list[list[Any]]:
    """The cell values of sheet "Data", row by row; a file xlrd cannot read is refused."""
    if not path.is_file():
        raise FileRefused(f"{path}: no such file.")
    try:
        book = xlrd.open_workbook(str(path))
    except (XLRDError, CompDocError, OSError, ValueError) as error:
        raise FileRefused(
            f"{path}: not an Excel 97-2003 workbook (.xls) that can be read ({error}). "
            "Give the World Urbanization Prospects file as the UN publishes it (.xls)."
        ) from None
    except Exception as error:  # xlrd fails with bare index or struct errors on cut files
        raise FileRefused(
            f"{path}: the workbook is damaged or truncated ({error}); download it again."
        ) from None
    # Revisions name the sheet "Data" or "DATA": found whatever its case.
    names = {name.strip().lower(): name for name in book.sheet_names()}
    if SHEET.lower() not in names:
        raise FileRefused(
            f"{path}: no sheet {SHEET!r} (the workbook has: {', '.join(book.sheet_names())})."
        )
    sheet = book.sheet_by_name(names[SHEET.lower()])
    # xlrd's stubs call every cell text; the data cells are numbers (floats).
    rows: list[list[Any]] = [list(sheet.row_values(i)) for i in range(sheet.nrows)]
    return rows


def _text(value: Any) -> str:
    """A cell as text; whole numbers without the '.0' xlrd gives every number."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _year(value: Any) -> int | None:
    if isinstance(value, float) and value.is_integer() and 1900 <= value <= 2100:
        return int(value)
    text = _text(value)
    return int(text) if text.isdigit() and 1900 <= int(text) <= 2100 else None


def _fold(text: str) -> str:
    return " ".join(text.split()).lower()


def header_row(rows: Sequence[Sequence[Any]], path: Path) -> int:
    """The 1-based row of the header: the first starting with 'Index', whatever its case
    (row 17 in the 2018 revision; revisions move it by a row or two)."""
    for i, row in enumerate(rows[:HEADER_SEARCH]):
        if row and _fold(_text(row[0])) == "index":
            return i + 1
    raise FileRefused(
        f"{path}: the header (Index, Country Code, ..., then the years) should be on row "
        f"{HEADER_ROW} of sheet {SHEET!r} or near it, but no row starts with 'Index'. This is "
        "not the layout of World Urbanization Prospects, File 12."
    )


_REVISION = re.compile(r"\b(?:(\d{4})\s+Revision|Rev\.?\s*(\d{4}))", re.IGNORECASE)


def sheet_revision(rows: Sequence[Sequence[Any]], path: Path) -> int:
    """The revision's year, from the title rows above the header ("The 2018 Revision",
    "POP/DB/WUP/Rev.2018/1/F12") or else the file name ("WUP2018-F12-...")."""
    for row in rows[: header_row(rows, path) - 1]:
        for cell in row:
            found = _REVISION.search(_text(cell))
            if found:
                return int(found.group(1) or found.group(2))
    named = re.search(r"WUP\s*(\d{4})", path.name, re.IGNORECASE)
    if named:
        return int(named.group(1))
    raise FileRefused(
        f"{path}: cannot tell which revision of World Urbanization Prospects this is (no "
        "'Revision' above the header, no 'WUP<year>' in the file name); its estimates and "
        "projections could not be told apart."
    )


def _header_years(rows: Sequence[Sequence[Any]], path: Path) -> list[int]:
    """The year columns of the header row; refuse a sheet laid out otherwise."""
    at = header_row(rows, path)
    header = [_text(cell) for cell in rows[at - 1]]
    missing = [c for c, found in zip(COLUMNS, header, strict=False) if _fold(c) != _fold(found)]
    missing += list(COLUMNS[len(header) :])
    if missing:
        raise FileRefused(
            f"{path}: row {at} lacks column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} in its place (it has: {', '.join(header[: len(COLUMNS)])})."
        )
    years = []
    for offset, cell in enumerate(rows[at - 1][len(COLUMNS) :]):
        year = _year(cell)
        if year is None:
            if _text(cell):
                raise FileRefused(
                    f"{path}: column {len(COLUMNS) + offset + 1} of row {at} is "
                    f"{_text(cell)!r}, not a year."
                )
            break
        years.append(year)
    if not years:
        raise FileRefused(f"{path}: row {at} has no year columns after Longitude.")
    return years


def _number(value: Any) -> float | None:
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(_text(value))
    except ValueError:
        return None


def _agglomeration(number: int, row: Sequence[Any], years: list[int]) -> Agglomeration:
    cells = list(row) + [""] * (len(COLUMNS) + len(years) - len(row))
    values = dict(zip(COLUMNS, cells, strict=False))
    problems = []
    thousands: dict[int, float] = {}
    for year, cell in zip(years, cells[len(COLUMNS) :], strict=False):
        amount = _number(cell)
        if amount is not None and amount >= 0:
            thousands[year] = amount
        elif _text(cell):
            problems.append(f"{year}: {_text(cell)!r} is not a population")
    name = _text(values["Urban Agglomeration"])
    if not name:
        problems.append("no agglomeration name")
    if not _text(values["Country Code"]).isdigit():
        problems.append(f"country code {_text(values['Country Code'])!r} is not a UN M49 code")
    return Agglomeration(
        row=number,
        city_code=_text(values["City Code"]),
        name=name,
        country_code=_text(values["Country Code"]),
        country_name=_text(values["Country or area"]),
        latitude=_number(values["Latitude"]),
        longitude=_number(values["Longitude"]),
        thousands=thousands,
        problem="; ".join(problems),
    )


def parse_sheet(rows: Sequence[Sequence[Any]], *, path: Path) -> list[Agglomeration]:
    """The agglomerations of the sheet's rows (cell values), after checking its header."""
    years = _header_years(rows, path)
    at = header_row(rows, path)
    found = [
        _agglomeration(number, row, years)
        for number, row in enumerate(rows[at:], start=at + 1)
        if any(_text(cell) for cell in row)
    ]
    if not found:
        raise FileRefused(f"{path}: no agglomerations below the header on row {at}.")
    return found


@dataclass(frozen=True)
class WupSheet:
    revision: int  # its estimates run to this year; later years are projections
    agglomerations: list[Agglomeration]


def read(path: Path | None, options: ImportOptions) -> "WupSheet":
    assert path is not None
    rows = _open_sheet(path)
    return WupSheet(sheet_revision(rows, path), parse_sheet(rows, path=path))


def source_values(path: Path) -> dict[str, Any]:
    """The revision's own source: another revision (or an edited file) is another source."""
    if path.name in KNOWN:
        return dataset_source(path, KNOWN, "")
    revision = sheet_revision(_open_sheet(path), path)
    values = dataset_source(
        path, {}, f"World Urbanization Prospects: The {revision} Revision, File 12"
    )
    values["key"] = values["key"].replace("file-", f"un-wup{revision}-f12-", 1)
    values["published"] = str(revision)
    values["note"] = (
        f"Population of urban agglomerations, in thousands. Figures for years after "
        f"{revision} are the revision's projections."
    )
    return values
