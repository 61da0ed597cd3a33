"""Writing WUP population series: each agglomeration tied to the gazetteer city at its core,
one agglomeration per city, the figures through the bulk series writer.
"""

import re
from collections.abc import Iterator
from typing import Any

from rapidfuzz import fuzz

from citydiplomacy.geo.bulk import SeriesWriter
from citydiplomacy.geo.models import PopulationFigure
from citydiplomacy.geo.names import name_key
from citydiplomacy.geo.provisional import ProvisionalKeeper
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
from citydiplomacy.imports.importers.common import progress
from citydiplomacy.imports.importers.population.reader import (
    CORE_KM,
    NEARBY_KM,
    SIMILAR,
    Agglomeration,
    WupSheet,
)
from citydiplomacy.imports.report import describe_end
from citydiplomacy.imports.runs import ImportContext
from citydiplomacy.imports.writers import ensure_cities

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
            too_far=True,
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


def write(sheet: "WupSheet", ctx: ImportContext) -> None:
    data = sheet.agglomerations
    finder = CoreFinder(ctx.resolver, use_coordinates=ctx.options.use_coordinates)
    keeper = ProvisionalKeeper(ctx.resolver.index)
    matched: dict[int, list[tuple[Agglomeration, Resolution, str]]] = {}
    for agg in progress(data, ctx, "resolving"):
        iso = finder.country(agg)
        details = _details(agg, iso, None)
        if agg.problem:
            ctx.report.add(agg.row, "invalid", agg.problem, **details)
            continue
        found = finder.find(agg, iso)
        if found.place is None:
            # Kept as a place of its own, from this file, rather than dropped.
            found = keeper.keep(Query(agg.name, iso), found, _point(agg), agg.country_name)
        if found.place is None:
            status = found.status if found.status in (AMBIGUOUS, NOT_A_CITY) else UNMATCHED
            ctx.report.add(agg.row, status, **_details(agg, iso, found))
            continue
        matched.setdefault(found.place.geonames_id, []).append((agg, found, iso))
    keep = _one_per_city(matched, ctx)
    keeper.flush(actor=ctx.actor, source=ctx.source, run=ctx.run)
    ensure_cities([found.place for _, found, _ in keep if found.place], ctx)
    writer = SeriesWriter(ctx.actor, ctx.source, PopulationFigure.Kind.AGGLOMERATION)
    for agg, found, iso in keep:
        assert found.place is not None
        status, message = queue_series(writer, agg, found.place.geonames_id, sheet.revision)
        ctx.report.add(agg.row, status, message, **_details(agg, iso, found))
    rows = {found.place.geonames_id: agg.row for agg, found, _ in keep if found.place}
    for figure, why in writer.flush():
        ctx.report.refuse(rows[figure.city_id], f"{figure.year}: {why}")


def _one_per_city(
    matched: dict[int, list[tuple[Agglomeration, Resolution, str]]], ctx: ImportContext
) -> list[tuple[Agglomeration, Resolution, str]]:
    """One agglomeration per city: the nearest to it; the others are duplicates."""
    keep = []
    for claims in matched.values():
        ranked = sorted(claims, key=lambda claim: (_distance(claim), claim[0].row))
        keep.append(ranked[0])
        winner = ranked[0][0]
        for agg, found, iso in ranked[1:]:
            ctx.report.add(
                agg.row,
                "duplicate",
                f"same city as row {winner.row} ({winner.name}), which lies nearer to it",
                **_details(agg, iso, found),
            )
    return sorted(keep, key=lambda claim: claim[0].row)


def _point(agg: Agglomeration) -> tuple[float, float] | None:
    if agg.latitude is None or agg.longitude is None:
        return None
    return (agg.latitude, agg.longitude)


def _distance(claim: tuple[Agglomeration, Resolution, str]) -> float:
    agg, found, _ = claim
    if found.place is None or agg.latitude is None or agg.longitude is None:
        return 0.0
    return distance_km(agg.latitude, agg.longitude, found.place.latitude, found.place.longitude)


def _details(agg: Agglomeration, iso: str, found: Resolution | None) -> dict[str, Any]:
    return {
        "city_code": agg.city_code,
        "latitude": agg.latitude if agg.latitude is not None else "",
        "longitude": agg.longitude if agg.longitude is not None else "",
        **describe_end("city_", agg.name, iso or agg.country_name, found or Resolution("")),
    }
