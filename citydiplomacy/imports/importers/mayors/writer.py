"""Writing mayors: each term's city resolved, then its person and office held written
through the people services.
"""

import re
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from citydiplomacy.core.errors import describe
from citydiplomacy.geo.models import City
from citydiplomacy.geo.provisional import ProvisionalKeeper
from citydiplomacy.geo.resolution.countries import country_hint
from citydiplomacy.geo.resolution.resolver import MATCHED, NOT_A_CITY, UNMATCHED, Query, Resolution
from citydiplomacy.imports.importers.common import progress
from citydiplomacy.imports.importers.mayors.reader import Term
from citydiplomacy.imports.report import describe_end
from citydiplomacy.imports.runs import ImportContext
from citydiplomacy.imports.writers import ensure_cities
from citydiplomacy.people.models import OfficeRole, Person
from citydiplomacy.people.selectors import matching_term
from citydiplomacy.people.services import (
    OFFICE_EDITABLE,
    PERSON_EDITABLE,
    office_record,
    person_create,
)
from citydiplomacy.sources.services import CitationSpec, merge_cited

_NO_PLACE = re.compile(r"\ba place in\b", re.IGNORECASE)


def _resolve(term: Term, ctx: ImportContext) -> Resolution:
    """The city of the term: cityLabel, else the place the office's title names."""
    if _NO_PLACE.search(term.title):
        return Resolution(NOT_A_CITY, note=f"the office names no city ({term.title})")
    found = _checked(ctx.resolver.resolve(Query(term.city, term.country)), term)
    if found.status == MATCHED or not term.place or term.place == term.city:
        return found
    by_title = _checked(ctx.resolver.resolve(Query(term.place, term.country)), term)
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


class _TermWriter:
    """Writes people and their terms through the services, one row at a time."""

    def __init__(self, ctx: ImportContext, wikidata_ids: Sequence[str]) -> None:
        self.ctx = ctx
        self.people = {
            p.wikidata_id: p for p in Person.objects.filter(wikidata_id__in=set(wikidata_ids))
        }
        # What became of each person at the first row that named them, in this import.
        self.person_outcome: dict[str, str] = {}
        self.first: dict[tuple[str, int, str], Term] = {}

    def citations(self, term: Term) -> list[CitationSpec]:
        return [
            CitationSpec(self.ctx.source, locator=f"row {term.row.number}", import_run=self.ctx.run)
        ]

    def write(self, term: Term, city: City) -> tuple[str, str, dict[str, Any]]:
        key = (term.wikidata_id, city.pk, term.start)
        if key in self.first:
            return "duplicate", _differences(term, self.first[key]), {}
        try:
            with transaction.atomic():
                person, person_status, notes = self._person(term, city)
                status, office_notes = self._office(term, city, person)
        except ValidationError as error:
            return "invalid", describe(error), {}
        # Only what was written is remembered: a failed row rolled its person back too.
        self.first[key] = term
        self.people[term.wikidata_id] = person
        self.person_outcome.setdefault(term.wikidata_id, person_status)
        return status, "; ".join(notes + office_notes), {"person_status": person_status}

    def _person(self, term: Term, city: City) -> tuple[Person, str, list[str]]:
        """The row's person, found or created (cited at the first row naming them)."""
        if term.wikidata_id in self.person_outcome:
            person = self.people[term.wikidata_id]
            return person, self.person_outcome[term.wikidata_id], _disagreements(person, term)
        found = self.people.get(term.wikidata_id) or self._namesake(term, city)
        values = {"wikidata_id": term.wikidata_id, "born": term.born}
        if found is None:
            created = person_create(
                name=term.name, citations=self.citations(term), actor=self.ctx.actor, **values
            )
            return created, "created", []
        changed, notes = merge_cited(
            found,
            values=values,
            editable=PERSON_EDITABLE,
            citations=self.citations(term),
            actor=self.ctx.actor,
        )
        return found, ("merged" if changed else "unchanged"), notes

    def _namesake(self, term: Term, city: City) -> Person | None:
        """A person of that name recorded as the city's mayor without a Wikidata id."""
        found = list(
            Person.objects.filter(
                name=term.name,
                wikidata_id="",
                offices__city=city,
                offices__role=OfficeRole.MAYOR,
            ).distinct()[:2]
        )
        return found[0] if len(found) == 1 else None

    def _office(self, term: Term, city: City, person: Person) -> tuple[str, list[str]]:
        existing = matching_term(
            person=person, role=OfficeRole.MAYOR, city=city, start=term.start, end=term.end
        )
        values = {"title": term.title, "start": term.start, "end": term.end, "party": term.party}
        if existing is None:
            office_record(
                person=person,
                role=OfficeRole.MAYOR,
                city=city,
                title=term.title,
                start=term.start,
                end=term.end,
                party=term.party,
                citations=self.citations(term),
                actor=self.ctx.actor,
            )
            return "created", []
        changed, notes = merge_cited(
            existing,
            values=values,
            editable=OFFICE_EDITABLE,
            citations=self.citations(term),
            actor=self.ctx.actor,
        )
        return ("merged" if changed else "unchanged"), notes


def _disagreements(person: Person, term: Term) -> list[str]:
    if term.born and person.born and term.born != person.born:
        return [f"born: kept {person.born} (this row says {term.born})"]
    return []


def _differences(term: Term, first: Term) -> str:
    """What a repeated term adds to the row written for it."""
    row = first.row.number
    says = [
        f"{label} {getattr(term, name)!r} (row {row}: {getattr(first, name)!r})"
        for name, label in (("party", "party"), ("end", "end"), ("born", "born"))
        if getattr(term, name) != getattr(first, name)
    ]
    return f"same term as row {row}" + (f"; this row says {', '.join(says)}" if says else "")


def write(data: list[Term], ctx: ImportContext) -> None:
    resolved: list[tuple[Term, Resolution]] = []
    # A term whose city no gazetteer city matches is kept on a provisional place.
    keeper = ProvisionalKeeper(ctx.resolver.index, non_cities=False)
    for term in progress(data, ctx, "resolving"):
        if term.problem:
            ctx.report.add(term.row.number, "invalid", term.problem, **_details(term, None))
            continue
        found = _resolve(term, ctx)
        if found.place is None and term.city:
            found = keeper.keep(Query(term.city, term.country), found, None)
        if found.place is None:
            ctx.report.add(term.row.number, found.status, **_details(term, found))
        else:
            resolved.append((term, found))
    keeper.flush(actor=ctx.actor, source=ctx.source, run=ctx.run)
    ensure_cities([found.place for _, found in resolved if found.place], ctx)
    cities = City.objects.in_bulk([found.place.geonames_id for _, found in resolved if found.place])
    writer = _TermWriter(ctx, [term.wikidata_id for term, _ in resolved])
    for term, found in progress(resolved, ctx, "writing"):
        assert found.place is not None
        status, message, extra = writer.write(term, cities[found.place.geonames_id])
        ctx.report.add(term.row.number, status, message, **_details(term, found), **extra)
