"""UN World Urbanization Prospects 2018, File 12: population series of urban agglomerations.

The workbook (.xls, read with xlrd) has a sheet "Data" whose header is row 17: Index,
Country Code (UN M49), Country or area, City Code, Urban Agglomeration, Note, Latitude,
Longitude, then one column per year (1950-2035, every five years) with the population in
thousands. Each agglomeration becomes a series of PopulationFigure rows (kind
agglomeration) on the gazetteer city at its core. The 2018 revision estimates the years up
to 2018 and projects the later ones, so figures for years after 2018 are marked projected.

An agglomeration is tied to its core city by name and country, checked against the file's
coordinates: "New York-Newark" is New York, "Mumbai (Bombay)" is Mumbai. A city already
claimed by another agglomeration of the file is reported as a duplicate rather than
overwritten; the agglomeration nearest to the city keeps it.
"""

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlrd
from rapidfuzz import fuzz
from xlrd.biffh import XLRDError
from xlrd.compdoc import CompDocError

from citydiplomacy.geo.bulk import SeriesWriter
from citydiplomacy.geo.models import PopulationFigure
from citydiplomacy.geo.names import name_key
from citydiplomacy.geo.resolution.countries import country_from_m49, country_hint
from citydiplomacy.geo.resolution.index import Place, distance_km
from citydiplomacy.geo.resolution.resolver import (
    AMBIGUOUS,
    MATCHED,
    NOT_A_CITY,
    UNMATCHED,
    CityResolver,
    Query,
    Resolution,
)
from citydiplomacy.imports.importers.common import dataset_source, progress
from citydiplomacy.imports.report import describe_end
from citydiplomacy.imports.runs import ImportContext, ImportOptions
from citydiplomacy.imports.tabular import FileRefused
from citydiplomacy.imports.writers import ensure_cities

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


# --- Finding the core city ----------------------------------------------------------------


def _variants(name: str) -> Iterator[tuple[str, str]]:
    """Other names to try for the core city, after the name as the file writes it."""
    base = re.sub(r"\s+M\.M\.A\.?$", "", name)  # Japan's "major metropolitan areas"
    if base != name:
        yield base, "name without M.M.A."
    if "," in base:
        yield base.split(",")[0], "name before the comma"
    bracket = re.match(r"^(.*?)\s*\((.+)\)\s*$", base)
    if bracket:
        yield bracket.group(2), "name in brackets"
        yield bracket.group(1), "name before the bracket"
        base = bracket.group(1)
    greater = re.sub(r"^(Grande|Greater|Gran|Grand)\s+", "", base)
    if greater != base:
        yield greater, "name without 'Greater'"
    parts = [p for p in re.split(r"\s*[-/]\s*", base) if len(p) >= 3]
    if len(parts) > 1:
        for position, part in enumerate(parts, start=1):
            yield part, f"part {position} of the compound name"


def _compact(text: str) -> str:
    return name_key(text).replace(" ", "")


def _alike(wanted: str, place: Place) -> str:
    """The place's spelling that matches the wanted name, or ''.

    A spelling within a fuzzy slip ("Suweon", "Suwon"), or one the wanted name contains
    ("Boise City", "Boise"), matches; the place's own name may also contain the wanted one
    ("Querétaro", "Santiago de Querétaro") and an alternate name may start with it ("Danyang
    Shi"), but an alternate name that merely contains it qualifies a place with its region
    ("Morley i West Yorkshire").
    """
    for spelling in (place.name, *place.alternate_names):
        other = _compact(spelling)
        if len(other) < 4:
            continue
        within = wanted in other if spelling == place.name else other.startswith(wanted)
        contains = min(len(other), len(wanted)) >= 5 and (other in wanted or within)
        if contains or fuzz.ratio(wanted, other) >= SIMILAR:
            return spelling
    return ""


class CoreFinder:
    """Ties an agglomeration to the gazetteer city at its core, checked by its coordinates."""

    def __init__(self, resolver: CityResolver, *, use_coordinates: bool) -> None:
        self.resolver = resolver
        self.use_coordinates = use_coordinates

    def country(self, agg: Agglomeration) -> str:
        iso = country_from_m49(agg.country_code) if agg.country_code.isdigit() else None
        if iso is None:
            # Taiwan has an M49 code (158) that country_converter does not list.
            hint = country_hint(agg.country_name)
            iso = hint.iso2 if hint else ""
        return iso

    def find(self, agg: Agglomeration, iso: str) -> Resolution:
        lat, lon = (agg.latitude, agg.longitude) if self.use_coordinates else (None, None)
        first = self.resolver.resolve(Query(agg.name, iso, lat, lon))
        if lat is None or lon is None:
            return first
        if first.place is not None and self._km(agg, first.place) <= CORE_KM:
            return first
        for variant, how in _variants(agg.name):
            found = self._near_namesake(variant, how, agg, iso)
            if found is not None:
                return found
        for variant, how in [(agg.name, "name"), *_variants(agg.name)]:
            found = self._nearby_similar(variant, how, agg, iso)
            if found is not None:
                return found
        return self._far(first, agg)

    def _km(self, agg: Agglomeration, place: Place) -> float:
        assert agg.latitude is not None and agg.longitude is not None
        return distance_km(agg.latitude, agg.longitude, place.latitude, place.longitude)

    def _near_namesake(
        self, variant: str, how: str, agg: Agglomeration, iso: str
    ) -> Resolution | None:
        """The variant through the resolver, or its namesake nearest the coordinates."""
        found = self.resolver.resolve(Query(variant, iso, agg.latitude, agg.longitude))
        if found.place is not None and self._km(agg, found.place) <= CORE_KM:
            return Resolution(MATCHED, found.place, method=f"{how}: {found.method}")
        namesakes = self.resolver.index.candidates(name_key(variant), iso or None)
        if namesakes:
            nearest = min(namesakes, key=lambda p: self._km(agg, p))
            km = self._km(agg, nearest)
            if km <= CORE_KM:
                return Resolution(
                    MATCHED,
                    nearest,
                    method=f"{how}; namesake nearest the coordinates ({km:.0f} km)",
                )
        return None

    def _nearby_similar(
        self, variant: str, how: str, agg: Agglomeration, iso: str
    ) -> Resolution | None:
        """The biggest place near the coordinates whose name is spelt much like the variant."""
        assert agg.latitude is not None and agg.longitude is not None
        wanted = _compact(variant)
        if len(wanted) < 4:
            return None
        near = [
            (km, place, spelling)
            for km, place in self.resolver.index.near(agg.latitude, agg.longitude, NEARBY_KM)
            if (not iso or place.country == iso) and (spelling := _alike(wanted, place))
        ]
        if not near:
            return None
        km, place, spelling = max(near, key=lambda item: item[1].population)
        also = f" (also written {spelling})" if spelling != place.name else ""
        return Resolution(
            MATCHED,
            place,
            method=f"{how}; {place.name}{also}, {km:.0f} km from the coordinates, spelt alike",
        )

    def _far(self, first: Resolution, agg: Agglomeration) -> Resolution:
        """Nothing near the coordinates: say what the name alone would have matched."""
        if first.place is None:
            return first
        km = self._km(agg, first.place)
        return Resolution(
            AMBIGUOUS,
            candidates=[first.place],
            method=first.method,
            note=(
                f"the name matches {first.place.name}, {km:,.0f} km from the file's coordinates "
                f"({agg.latitude}, {agg.longitude}); settle it with --overrides if it is right"
            ),
        )


# --- Writing the series -------------------------------------------------------------------


def queue_series(
    writer: SeriesWriter, agg: Agglomeration, city_id: int, last_estimate: int
) -> tuple[str, str]:
    """Queue the agglomeration's series; returns the row's status and a message."""
    outcomes = [
        writer.add(
            city_id=city_id,
            year=year,
            population=round(thousands * 1000),
            # A revision estimates the years up to its own; the later ones are projections.
            projected=year > last_estimate,
            area_name=agg.name,
            locator=agg.locator,
        )
        for year, thousands in sorted(agg.thousands.items())
    ]
    created, changed = outcomes.count("created"), outcomes.count("changed")
    years = sorted(agg.thousands)
    span = f"{len(years)} figures ({years[0]}-{years[-1]})" if years else "no figures"
    if created == len(years) and years:
        return "created", span
    if created or changed:
        return "merged", f"{span}: {created} new, {changed} changed"
    return "unchanged", span


@dataclass(frozen=True)
class WupSheet:
    revision: int  # its estimates run to this year; later years are projections
    agglomerations: list[Agglomeration]


# --- The importer -------------------------------------------------------------------------


class WupPopulationImporter:
    kind = "wup-population"
    description = (
        "UN World Urbanization Prospects 2018, File 12 (.xls): population series 1950-2035 of "
        "the urban agglomerations of 300,000+, on their core cities."
    )

    def source_values(self, path: Path | None) -> dict[str, Any]:
        """The revision's own source: another revision (or an edited file) is another source."""
        assert path is not None
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

    def read(self, path: Path | None, options: ImportOptions) -> "WupSheet":
        assert path is not None
        rows = _open_sheet(path)
        return WupSheet(sheet_revision(rows, path), parse_sheet(rows, path=path))

    def write(self, sheet: "WupSheet", ctx: ImportContext) -> None:
        data = sheet.agglomerations
        finder = CoreFinder(ctx.resolver, use_coordinates=ctx.options.use_coordinates)
        matched: dict[int, list[tuple[Agglomeration, Resolution, str]]] = {}
        for agg in progress(data, ctx, "resolving"):
            iso = finder.country(agg)
            details = self._details(agg, iso, None)
            if agg.problem:
                ctx.report.add(agg.row, "invalid", agg.problem, **details)
                continue
            found = finder.find(agg, iso)
            if found.place is None:
                status = found.status if found.status in (AMBIGUOUS, NOT_A_CITY) else UNMATCHED
                ctx.report.add(agg.row, status, **self._details(agg, iso, found))
                continue
            matched.setdefault(found.place.geonames_id, []).append((agg, found, iso))
        keep = self._one_per_city(matched, ctx)
        ensure_cities([found.place for _, found, _ in keep if found.place], ctx)
        writer = SeriesWriter(ctx.actor, ctx.source, PopulationFigure.Kind.AGGLOMERATION)
        for agg, found, iso in keep:
            assert found.place is not None
            status, message = queue_series(writer, agg, found.place.geonames_id, sheet.revision)
            ctx.report.add(agg.row, status, message, **self._details(agg, iso, found))
        rows = {found.place.geonames_id: agg.row for agg, found, _ in keep if found.place}
        for figure, why in writer.flush():
            ctx.report.refuse(rows[figure.city_id], f"{figure.year}: {why}")

    def _one_per_city(
        self, matched: dict[int, list[tuple[Agglomeration, Resolution, str]]], ctx: ImportContext
    ) -> list[tuple[Agglomeration, Resolution, str]]:
        """One agglomeration per city: the nearest to it; the others are duplicates."""
        keep = []
        for claims in matched.values():
            ranked = sorted(claims, key=lambda claim: (self._distance(claim), claim[0].row))
            keep.append(ranked[0])
            winner = ranked[0][0]
            for agg, found, iso in ranked[1:]:
                ctx.report.add(
                    agg.row,
                    "duplicate",
                    f"same city as row {winner.row} ({winner.name}), which lies nearer to it",
                    **self._details(agg, iso, found),
                )
        return sorted(keep, key=lambda claim: claim[0].row)

    @staticmethod
    def _distance(claim: tuple[Agglomeration, Resolution, str]) -> float:
        agg, found, _ = claim
        if found.place is None or agg.latitude is None or agg.longitude is None:
            return 0.0
        return distance_km(agg.latitude, agg.longitude, found.place.latitude, found.place.longitude)

    @staticmethod
    def _details(agg: Agglomeration, iso: str, found: Resolution | None) -> dict[str, Any]:
        return {
            "city_code": agg.city_code,
            "latitude": agg.latitude if agg.latitude is not None else "",
            "longitude": agg.longitude if agg.longitude is not None else "",
            **describe_end("city_", agg.name, iso or agg.country_name, found or Resolution("")),
        }
