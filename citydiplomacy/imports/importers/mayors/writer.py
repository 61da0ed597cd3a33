"""Writing mayors: each term's city resolved (in `prepare`, before the write transaction),
then the people and their terms written in bulk by `people.bulk.TermWriter`.
"""

import re
from dataclasses import dataclass
from typing import Any

from citydiplomacy.geo.models import City
from citydiplomacy.geo.provisional import ProvisionalKeeper
from citydiplomacy.geo.resolution.countries import country_hint
from citydiplomacy.geo.resolution.resolver import (
    MATCHED,
    NOT_A_CITY,
    UNMATCHED,
    CityResolver,
    Query,
    Resolution,
)
from citydiplomacy.imports.importers.common import progress, write_progress
from citydiplomacy.imports.importers.mayors.reader import Term
from citydiplomacy.imports.report import describe_end
from citydiplomacy.imports.runs import ImportContext, Preparation
from citydiplomacy.imports.writers import ensure_cities
from citydiplomacy.people.bulk import TermOutcome, TermRow, TermWriter
from citydiplomacy.people.models import OfficeRole

_NO_PLACE = re.compile(r"\ba place in\b", re.IGNORECASE)


def _resolve(term: Term, resolver: CityResolver) -> Resolution:
    """The city of the term: cityLabel, else the place the office's title names."""
    if _NO_PLACE.search(term.title):
        return Resolution(NOT_A_CITY, note=f"the office names no city ({term.title})")
    found = _checked(resolver.resolve(Query(term.city, term.country)), term)
    if found.status == MATCHED or not term.place or term.place == term.city:
        return found
    by_title = _checked(resolver.resolve(Query(term.place, term.country)), term)
    if by_title.status != MATCHED:
        return found
    return Resolution(
        MATCHED,
        by_title.place,
        method=f"the place the office's title names ({term.place}): {by_title.method}",
        note=f"{term.city!r}: {found.status}" + (f" ({found.note})" if found.note else ""),
    )


def _checked(found: Resolution, term: Term) -> Resolution:
    """Refuse a match in another state than the one the office's title names."""
    if found.place is None or not term.state:
        return found
    hint = country_hint(term.country)
    if hint is None or not hint.admin1 or found.place.admin1 == hint.admin1:
        return found
    return Resolution(
        UNMATCHED,
        candidates=[found.place],
        method=found.method,
        note=(
            f"{found.place.name} lies in division {found.place.admin1}, not in {term.state}, "
            "where no place of that name was found"
        ),
    )


def _details(term: Term, found: Resolution | None) -> dict[str, Any]:
    return {
        "person": term.name,
        "wikidata_id": term.wikidata_id,
        "start": term.start,
        "end": term.end,
        **describe_end("city_", term.city, term.country, found or Resolution("")),
    }


def _differences(term: Term, first: Term) -> str:
    """What a repeated term adds to the row written for it."""
    row = first.row.number
    says = [
        f"{label} {getattr(term, name)!r} (row {row}: {getattr(first, name)!r})"
        for name, label in (("party", "party"), ("end", "end"), ("born", "born"))
        if getattr(term, name) != getattr(first, name)
    ]
    return f"same term as row {row}" + (f"; this row says {', '.join(says)}" if says else "")


Resolved = tuple[Term, Resolution]


@dataclass(frozen=True)
class Prepared:
    """The resolved terms, and the provisional places their unmatched cities need."""

    resolved: list[Resolved]
    keeper: ProvisionalKeeper


def resolve(data: list[Term], preparation: Preparation) -> Prepared:
    """Each term's city, resolved before the write transaction opens (reading only): a city
    no gazetteer city matches is kept on a provisional place (written in `write`); rows that
    are invalid or name no city at all are reported here and left out."""
    resolver = preparation.resolver
    keeper = ProvisionalKeeper(resolver.index, non_cities=False)
    resolved: list[Resolved] = []
    for term in progress(data, preparation, "resolving"):
        if term.problem:
            preparation.report.add(term.row.number, "invalid", term.problem, **_details(term, None))
            continue
        found = _resolve(term, resolver)
        if found.place is None and term.city:
            found = keeper.keep(Query(term.city, term.country), found, None)
        if found.place is None:
            preparation.report.add(term.row.number, found.status, **_details(term, found))
        else:
            resolved.append((term, found))
    return Prepared(resolved, keeper)


def write(prepared: Prepared, ctx: ImportContext) -> None:
    """The terms' cities (when new, provisional places among them), then people and terms in
    bulk, each row reported."""
    resolved = prepared.resolved
    prepared.keeper.flush(actor=ctx.actor, source=ctx.source, run=ctx.run)
    ensure_cities([found.place for _, found in resolved if found.place], ctx)
    cities = City.objects.in_bulk([found.place.geonames_id for _, found in resolved if found.place])
    writer = TermWriter(ctx.actor, ctx.source)
    first: dict[tuple[str, int, str], Term] = {}
    for term, found in resolved:
        assert found.place is not None
        city = cities.get(found.place.geonames_id)
        key = (term.wikidata_id, found.place.geonames_id, term.start)
        if city is None or key in first:
            continue  # a repeat of a term in the query, for another party or birth date
        first[key] = term
        writer.add(_row(term, city))
    with write_progress(ctx, "writing people and terms", writer.plan()) as step:
        writer.progress = step
        outcome = writer.flush()
    for term, found in resolved:
        assert found.place is not None
        if found.place.geonames_id not in cities:
            message = f"{found.place.name} could not be added to the registry (see the notes)"
            ctx.report.add(term.row.number, "refused", message, **_details(term, found))
            continue
        earlier = first[(term.wikidata_id, found.place.geonames_id, term.start)]
        _report(term, found, earlier, outcome, ctx)


def _report(
    term: Term, found: Resolution, first: Term, outcome: dict[int, TermOutcome], ctx: ImportContext
) -> None:
    """The row's line: what became of its term (or of the first row stating the term)."""
    details = _details(term, found)
    row = term.row.number
    if first is not term:
        written = outcome[first.row.number]
        if written.status == "refused":
            message = f"same term as row {first.row.number}, refused: {written.notes[0]}"
            ctx.report.add(row, "refused", message, **details)
        else:
            ctx.report.add(row, "duplicate", _differences(term, first), **details)
        return
    done = outcome[row]
    extra = {"person_status": done.person} if done.person else {}
    ctx.report.add(row, done.status, "; ".join(done.notes), **details, **extra)


def _row(term: Term, city: City) -> TermRow:
    return TermRow(
        row=term.row.number,
        name=term.name,
        city=city,
        wikidata_id=term.wikidata_id,
        born=term.born,
        role=OfficeRole.MAYOR,
        title=term.title,
        start=term.start,
        end=term.end,
        party=term.party,
        as_written=term.row.get("cityLabel"),  # as written, before _SAME_PLACE
    )
