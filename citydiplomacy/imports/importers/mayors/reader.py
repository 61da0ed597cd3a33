"""Reading a mayors file (a Wikidata query result): its columns, and each row as a Term
(dates, Wikidata ids, the problem that makes a row unusable).
"""

import re
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError

from citydiplomacy.core.partial_dates import ends_before_start, parse_partial_date
from citydiplomacy.geo.resolution.countries import country_hint
from citydiplomacy.imports.runs import ImportOptions
from citydiplomacy.imports.tabular import Row, read_rows

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


def read(path: Path | None, options: ImportOptions) -> list[Term]:
    assert path is not None
    return [_term(row) for row in read_rows(path, required=REQUIRED, encoding=options.encoding)]
