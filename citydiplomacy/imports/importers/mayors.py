"""US mayors from Wikidata (Erulan123/Mayors): the people and their terms as mayor.

Two layouts of one query result are read: `mayors_core.csv` (the raw result, timestamps
"1876-04-11T00:00:00Z") and `mayors_cleaned.csv` (timestamps "1876-04-11 00:00:00+00:00",
plus start_year, end_year, birth_year and age columns). The layout is told by its header.

Each row is a term: person (a Wikidata URI), personLabel, birthDate, partyLabel, start,
end, positionLabel ("Mayor of Yonkers, New York") and cityLabel. People are found by their
Wikidata id (else by name among the city's recorded mayors without one, such as the starter
data's), or created. The city is resolved from cityLabel with the state the office's title
names as a division hint; when cityLabel is not a city ("City and County of San
Francisco", "Honolulu County") the place the title names is tried.

Dates: Wikidata writes a date known only to the year as 1 January of that year, and the
query result does not say which dates are so, so a 1 January date is kept as the year; any
other day is kept as the day. A term is matched by person, city, role and start, so
importing the file again changes nothing. The query repeats a term once per party (or birth
date) Wikidata gives the person: the first row is written, the others are reported as
duplicates with what they add.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from citydiplomacy.core.errors import describe
from citydiplomacy.core.partial_dates import ends_before_start, parse_partial_date
from citydiplomacy.geo.models import City
from citydiplomacy.geo.resolution.countries import country_hint
from citydiplomacy.geo.resolution.resolver import MATCHED, NOT_A_CITY, UNMATCHED, Query, Resolution
from citydiplomacy.imports.importers.common import dataset_source, progress
from citydiplomacy.imports.report import describe_end
from citydiplomacy.imports.runs import ImportContext, ImportOptions
from citydiplomacy.imports.tabular import Row, read_rows
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

ERULAN = {
    "title": "US mayors from Wikidata (Erulan123/Mayors)",
    "author": "Erulan123/Mayors, from a Wikidata query (Wikidata CC0)",
    "url": "https://github.com/Erulan123/Mayors",
    "note": "Licence as stated by the repository: CC BY-SA 4.0.",
}
KNOWN = {
    "mayors_core.csv": {"key": "wikidata-us-mayors-core", **ERULAN},
    "mayors_cleaned.csv": {"key": "wikidata-us-mayors-cleaned", **ERULAN},
}
REQUIRED = (
    "person",
    "personLabel",
    "birthDate",
    "partyLabel",
    "start",
    "end",
    "positionLabel",
    "cityLabel",
)
COUNTRY = "United States"
# "1876-04-11T00:00:00Z" (core) or "1876-04-11 00:00:00+00:00" (cleaned), or a bare date.
_TIMESTAMP = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_WIKIDATA = re.compile(r"(?:^|/entity/)(Q[1-9]\d*)$")
_TITLE = re.compile(
    r"^(?:alcalde-)?mayor of (?:the )?(?:city of )?(?P<place>.+?)(?:,\s*(?P<state>[^,]+))?$",
    re.IGNORECASE,
)
_NO_PLACE = re.compile(r"\ba place in\b", re.IGNORECASE)
# Offices whose place the gazetteer knows by another name: since 1871 the District of
# Columbia and the city of Washington have had one government, whose mayor this is.
_SAME_PLACE = {"District of Columbia": ("Washington", "District of Columbia")}


def wikidata_id(value: str) -> str:
    """'Q60' from 'http://www.wikidata.org/entity/Q60' (or from 'Q60'); '' otherwise."""
    found = _WIKIDATA.search(value.strip())
    return found.group(1) if found else ""


def partial_date(value: str, year: str = "") -> str:
    """A Wikidata timestamp as a partial date; 1 January stands for a year-precision date.

    `year` is the layout's year column: it is used when the timestamp is missing.
    Raises ValueError for text that is not a timestamp.
    """
    text = value.strip()
    if not text:
        return year.strip() if year.strip().isdigit() and len(year.strip()) == 4 else ""
    found = _TIMESTAMP.match(text)
    if not found:
        raise ValueError(f"{text!r} is not a Wikidata timestamp")
    y, month, day = found.groups()
    if (month, day) == ("01", "01"):
        return y
    try:
        return parse_partial_date(f"{y}-{month}-{day}")
    except ValidationError:
        raise ValueError(f"{text!r} is not a day of the calendar") from None


@dataclass(frozen=True)
class Term:
    """One row, read and checked."""

    row: Row
    wikidata_id: str
    name: str
    born: str
    start: str
    end: str
    party: str
    title: str
    city: str
    place: str  # the place the office's title names
    state: str  # the state the office's title names, if it is a US state
    problem: str = ""

    @property
    def country(self) -> str:
        """The country text for the resolver, with the state as a division hint."""
        return f"{self.state}, {COUNTRY}" if self.state else COUNTRY


def _term(row: Row) -> Term:
    problems = []
    qid = wikidata_id(row.get("person"))
    if not qid:
        problems.append(f"person {row.get('person')!r} is not a Wikidata entity")
    dates = {}
    for column, year_column in (
        ("birthDate", "birth_year"),
        ("start", "start_year"),
        ("end", "end_year"),
    ):
        try:
            dates[column] = partial_date(row.get(column), row.get(year_column))
        except ValueError as error:
            problems.append(f"{column}: {error}")
            dates[column] = ""
    if not row.get("personLabel"):
        problems.append("no name (personLabel)")
    if ends_before_start(dates["start"], dates["end"]):
        problems.append(
            f"the term ends ({dates['end']}) before it starts ({dates['start']}): the query "
            "pairs each start Wikidata gives the person with each end"
        )
    title = row.get("positionLabel")
    found = _TITLE.match(title)
    place, state = (found.group("place"), found.group("state") or "") if found else ("", "")
    city = row.get("cityLabel")
    if city in _SAME_PLACE:
        city, state = _SAME_PLACE[city]
    hint = country_hint(f"{state}, {COUNTRY}") if state else None
    return Term(
        row=row,
        wikidata_id=qid,
        name=row.get("personLabel"),
        born=dates["birthDate"],
        start=dates["start"],
        end=dates["end"],
        party=row.get("partyLabel"),
        title=title[:1].upper() + title[1:],
        city=city,
        place=place,
        state=state if hint is not None and hint.admin1 else "",
        problem="; ".join(problems),
    )


class MayorsImporter:
    kind = "mayors"
    description = (
        "Mayors from a Wikidata query (person, personLabel, birthDate, partyLabel, start, end, "
        "positionLabel, cityLabel), e.g. Erulan123/Mayors' US mayors: people and terms."
    )

    def source_values(self, path: Path | None) -> dict[str, Any]:
        assert path is not None
        return dataset_source(path, KNOWN, "Mayors from Wikidata")

    def read(self, path: Path | None, options: ImportOptions) -> list[Term]:
        assert path is not None
        return [_term(row) for row in read_rows(path, required=REQUIRED, encoding=options.encoding)]

    def write(self, data: list[Term], ctx: ImportContext) -> None:
        resolved: list[tuple[Term, Resolution]] = []
        for term in progress(data, ctx, "resolving"):
            if term.problem:
                ctx.report.add(term.row.number, "invalid", term.problem, **_details(term, None))
                continue
            found = _resolve(term, ctx)
            if found.place is None:
                ctx.report.add(term.row.number, found.status, **_details(term, found))
            else:
                resolved.append((term, found))
        ensure_cities([found.place for _, found in resolved if found.place], ctx)
        cities = City.objects.in_bulk(
            [found.place.geonames_id for _, found in resolved if found.place]
        )
        writer = _TermWriter(ctx, [term.wikidata_id for term, _ in resolved])
        for term, found in progress(resolved, ctx, "writing"):
            assert found.place is not None
            status, message, extra = writer.write(term, cities[found.place.geonames_id])
            ctx.report.add(term.row.number, status, message, **_details(term, found), **extra)


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
