"""Reading a twin-city pairs file: the columns it must have and its known datasets."""

from pathlib import Path
from typing import Any

from citydiplomacy.geo.resolution.resolver import Query
from citydiplomacy.imports.importers.common import dataset_source, number
from citydiplomacy.imports.runs import ImportOptions
from citydiplomacy.imports.tabular import Row, read_rows

HEKMAN = {
    "title": "Twin towns and sister cities listed on Wikipedia (Hekman/twincities)",
    "author": "Hekman/twincities (MIT), from Wikipedia's lists of twin towns (CC BY-SA)",
    "url": "https://github.com/Hekman/twincities",
}
KNOWN = {
    "app_public_twin_cities.csv": {"key": "hekman-twincities-geocoded", **HEKMAN},
    "twin_cities_raw.csv": {"key": "hekman-twincities-raw", **HEKMAN},
}
REQUIRED = ("city1", "country1", "city2", "country2")


def source_values(path: Path) -> dict[str, Any]:
    return dataset_source(path, KNOWN, "Twin-city pairs")


def read_pairs(path: Path, options: ImportOptions) -> list[Row]:
    return read_rows(path, required=REQUIRED, encoding=options.encoding)


def query(row: Row, end: str, use_coordinates: bool) -> Query:
    """What the row says of one end ("1" or "2"): name, country and, if used, its point."""
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
