"""What the commitments importers share: headers read loosely, places from CDP's columns,
resolution of rows to cities, and bulk writing of cited records with their change records."""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model

from citydiplomacy.core.errors import describe
from citydiplomacy.geo.models import City, Country
from citydiplomacy.geo.resolution.resolver import Query, Resolution
from citydiplomacy.imports.importers.common import number, progress
from citydiplomacy.imports.report import describe_end, row_status
from citydiplomacy.imports.runs import ImportContext, ImportFailed
from citydiplomacy.imports.tabular import Row
from citydiplomacy.imports.writers import ensure_cities
from citydiplomacy.sources.bulk import Cite, CitingWriter

_INVISIBLE = re.compile(r"[\u200b\u00a0\ufeff]")


def header_key(text: str) -> str:
    """A column name compared loosely: case, dots, spaces and invisible characters ignored."""
    return re.sub(r"[^a-z0-9+]+", " ", _INVISIBLE.sub(" ", text).lower()).strip()


def column(row: Row, *names: str) -> str:
    """The first non-empty value among the columns named (compared loosely)."""
    keyed = {header_key(k): v for k, v in row.values.items()}
    for name in names:
        value = (keyed.get(header_key(name)) or "").strip()
        if value and value not in ("NA", "N/A", "-"):
            return value
    return ""


def amount(text: str) -> float | None:
    return number(text.replace(",", "")) if text else None


def year(text: str) -> int | None:
    found = re.match(r"^\s*(\d{4})", text)
    return int(found.group(1)) if found else None


_POINT = re.compile(r"POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)", re.IGNORECASE)
_PAIR = re.compile(r"\(\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*\)")


def location(text: str) -> tuple[float | None, float | None]:
    """(latitude, longitude) from 'POINT (lon lat)' or '(lat, lon)'."""
    point = _POINT.search(text)
    if point:
        return float(point.group(2)), float(point.group(1))
    pair = _PAIR.search(text)
    if pair:
        return float(pair.group(1)), float(pair.group(2))
    return None, None


# How CDP's organisation names wrap the city's name when the file leaves 'City' empty.
_ORG_PREFIX = re.compile(
    r"^(the\s+)?(city|town|village|municipality|district|county borough|metropolitan "
    r"municipality|government|local government) of (the (city|town) of )?|"
    r"^(prefeitura( municipal)?|municipalidad( distrital| provincial)?|ayuntamiento|"
    r"municipio|alcald[ií]a( municipal| mayor)?|gobierno( aut[oó]nomo)?( descentralizado)?"
    r"( municipal)?|intendencia|c[aâ]mara municipal|concello|comune|ville|stadt) (de|di|del|"
    r"da|do|von|d')\s*",
    re.IGNORECASE,
)
_ORG_SUFFIX = re.compile(
    r"\s+(city council|city government|city hall|metropolitan government|municipal "
    r"corporation|municipal government|government|council|municipality)$",
    re.IGNORECASE,
)


def city_of_organisation(text: str) -> str:
    """The city an organisation's name names: 'City of Manchester' -> 'Manchester',
    'Prefeitura de Guabiruba' -> 'Guabiruba', 'Westminster City Council' -> 'Westminster
    City' (the resolver then tries it without 'City')."""
    return _ORG_SUFFIX.sub("", _ORG_PREFIX.sub("", text.strip())).strip()


def iso3_to_iso2() -> dict[str, str]:
    return {iso3: iso2 for iso2, iso3 in Country.objects.values_list("iso2", "iso3") if iso3}


@dataclass
class Resolved:
    row: Row
    resolution: Resolution
    details: dict[str, Any]

    @property
    def city_id(self) -> int:
        assert self.resolution.place is not None
        return self.resolution.place.geonames_id


def resolve_rows(
    rows: Sequence[Row],
    ctx: ImportContext,
    query: Callable[[Row], Query | str],
) -> list[Resolved]:
    """Resolve every row; report those that do not name one city, return the others.

    `query` returns a Query, or a reason (text) why the row is not about a city.
    """
    found: list[Resolved] = []
    for row in progress(rows, ctx, "resolving"):
        asked = query(row)
        if isinstance(asked, str):
            ctx.report.add(row.number, "not-a-city", asked)
            continue
        resolution = ctx.resolver.resolve(asked)
        details = describe_end("city_", asked.name, asked.country, resolution)
        status = row_status([resolution])
        if status != "matched":
            ctx.report.add(row.number, status, **details)
            continue
        found.append(Resolved(row, resolution, details))
    ensure_cities([r.resolution.place for r in found if r.resolution.place], ctx)
    return found


def refusal(obj: Model) -> str:
    """The record's own rules (`clean`), as a message naming the field, or '' when it holds."""
    try:
        obj.clean()
    except ValidationError as error:
        return describe(error)
    return ""


class BulkCitedWriter(CitingWriter):
    """Creates records of `model` in bulk, validated, each with a citation of its file row
    and a change record (`sources.bulk.CitingWriter`)."""

    def __init__(self, ctx: ImportContext, model: type[Model]) -> None:
        self.model = model
        super().__init__(ctx.actor, ctx.source)

    def create(self, objs: list[Any], locators: dict[int, str]) -> None:
        if not objs:
            return
        keyed = {id(obj): loc for obj, loc in zip(objs, locators.values(), strict=True)}
        self.create_cited(objs, lambda obj: [Cite(keyed[id(obj)])])
        if self.refused:
            # The rows were checked when read; a refusal here means a rule of the model
            # the reader does not know: stop, so nothing of the import is kept.
            reasons = "; ".join(sorted(set(self.refused.values()))[:5])
            raise ImportFailed(f"{len(self.refused)} record(s) refused: {reasons}")


def cities_by_id(ids: set[int]) -> dict[int, City]:
    return City.objects.only("geonames_id", "name").in_bulk(ids)
