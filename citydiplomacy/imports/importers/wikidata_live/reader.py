"""Querying Wikidata live: the options checked, the SPARQL query built and every page of
results read, and the statements they hold (claims with qualifiers).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from tqdm import tqdm

from citydiplomacy.core.partial_dates import parse_partial_date
from citydiplomacy.geo.models import Country
from citydiplomacy.geo.resolution.resolver import Resolution
from citydiplomacy.imports.importers.wikidata.reader import (
    Item,
    binding_getter,
    item_id,
    parse_point,
)
from citydiplomacy.imports.runs import ImportFailed, ImportOptions
from citydiplomacy.imports.sparql import Binding, SparqlClient
from citydiplomacy.sources.models import SourceKind

PROPERTIES = ("P190", "P463", "P6")
PAGE_SIZE = 5000
SOURCE = {
    "key": "wikidata-query-service",
    "title": "Wikidata, read through the Wikidata Query Service",
    "kind": SourceKind.DATABASE,
    "author": "Wikidata contributors (CC0)",
    "url": "https://query.wikidata.org/",
    "note": "Live queries by `citydiplomacy import wikidata-live`; each citation names the "
    "statement (item, property, value).",
}

# Items that are instances of human settlement (Q486972) or of any subclass of it (city,
# town, municipality of many countries...); regions and countries are left out.
_SETTLEMENT = "FILTER EXISTS {{ ?{var} wdt:P31/wdt:P279* wd:Q486972 . }}"
_LABELS = 'SERVICE wikibase:label { bd:serviceParam wikibase:language "en,mul". }'
_RANK = "?statement wikibase:rank ?rank . FILTER(?rank != wikibase:DeprecatedRank)"
_SPAN = """OPTIONAL { ?statement pqv:P580 ?start_node . ?start_node wikibase:timeValue ?start ;
    wikibase:timePrecision ?start_precision . }
  OPTIONAL { ?statement pqv:P582 ?end_node . ?end_node wikibase:timeValue ?end ;
    wikibase:timePrecision ?end_precision . }"""
_COORDINATES = "OPTIONAL {{ ?{var} wdt:P625 ?{var}_coordinate_location . }}"
_POPULATION = "OPTIONAL {{ ?{var} wdt:P1082 ?{var}_population . }}"

P190_VARS = (
    "?city ?cityLabel ?city_population ?city_coordinate_location "
    "?sister ?sisterLabel ?sister_population ?sister_coordinate_location"
)
P463_VARS = (
    "?statement ?city ?cityLabel ?city_coordinate_location ?organisation ?organisationLabel "
    "?start ?start_precision ?end ?end_precision"
)
P6_VARS = (
    "?statement ?city ?cityLabel ?city_coordinate_location ?person ?personLabel "
    "?start ?start_precision ?end ?end_precision ?party ?partyLabel"
)


def _country_filter(prop: str, country: str) -> str:
    if not country:
        return ""
    if prop == "P190":
        # Either end: a tie stated only by the foreign city is still a tie of the country's,
        # and both directions are needed to tell one-sided ties from reciprocal ones.
        return (
            f'FILTER EXISTS {{ ?country wdt:P297 "{country}" . '
            "{ ?city wdt:P17 ?country . } UNION { ?sister wdt:P17 ?country . } }"
        )
    return f'FILTER EXISTS {{ ?city wdt:P17/wdt:P297 "{country}" . }}'


def build_query(prop: str, *, country: str = "", limit: int, offset: int) -> str:
    """The SELECT for one page: a stable ORDER BY over every variable, then LIMIT/OFFSET."""
    where = _country_filter(prop, country)
    if prop == "P190":
        variables, body = P190_VARS, "?city wdt:P190 ?sister ."
        extra = [_SETTLEMENT.format(var="sister")] + [
            pattern.format(var=var)
            for var in ("city", "sister")
            for pattern in (_POPULATION, _COORDINATES)
        ]
    elif prop == "P463":
        variables, body = (
            P463_VARS,
            f"?city p:P463 ?statement . ?statement ps:P463 ?organisation . {_RANK}",
        )
        extra = [_SPAN, _COORDINATES.format(var="city")]
    else:
        variables, body = P6_VARS, f"?city p:P6 ?statement . ?statement ps:P6 ?person . {_RANK}"
        extra = [
            _SPAN,
            "OPTIONAL { ?statement pq:P102 ?statement_party . }",
            "OPTIONAL { ?person wdt:P102 ?person_party . }",
            "BIND(COALESCE(?statement_party, ?person_party) AS ?party)",
            _COORDINATES.format(var="city"),
        ]
    lines = [body, _SETTLEMENT.format(var="city"), where, *extra, _LABELS]
    order = " ".join(v for v in variables.split() if not v.endswith("Label"))
    return (
        f"SELECT {variables} WHERE {{\n  "
        + "\n  ".join(line for line in lines if line)
        + f"\n}}\nORDER BY {order}\nLIMIT {limit} OFFSET {offset}"
    )


@dataclass
class LiveResult:
    property: str
    country: str
    bindings: list[Binding]
    complete: bool  # the last page came back short, rather than --limit stopping the query


def _live_options(path: Path | None, options: ImportOptions) -> tuple[str, str, int]:
    extra = options.extra
    if not extra.get("live"):
        raise ImportFailed(
            "wikidata-live queries the public Wikidata Query Service over the internet; "
            "add --live to allow it."
        )
    if path is not None:
        raise ImportFailed(
            "wikidata-live takes no file; to import a saved P190 query result, use "
            "`citydiplomacy import wikidata-twinning FILE`."
        )
    prop = str(extra.get("property") or "P190").upper()
    if prop not in PROPERTIES:
        raise ImportFailed(f"--property must be one of {', '.join(PROPERTIES)}, not {prop!r}.")
    country = str(extra.get("country") or "").strip().upper()
    if country and not (re.fullmatch(r"[A-Z]{2}", country) and Country.objects.filter(pk=country)):
        raise ImportFailed(f"--country {country!r} is not an ISO 3166 country code (e.g. FR).")
    limit = int(extra.get("limit") or 0)
    if limit < 0:
        raise ImportFailed("--limit must be a positive number of results.")
    return prop, country, limit


# --- Statements with a value, qualifiers and a city (P463, P6) ---


@dataclass
class Claim:
    """One result of a P463 or P6 query: the city's statement about a value (organisation,
    person), with its start and end qualifiers."""

    number: int
    statement: str
    city: str
    value: str
    value_label: str
    start: str = ""
    end: str = ""
    party: str = ""
    notes: list[str] = field(default_factory=list)
    problem: str = ""
    first: int | None = None  # the earlier result with the same statement

    def locator(self, prop: str) -> str:
        return f"{self.city} {prop} {self.value} ({self.statement})"[:200]


_STATEMENT = re.compile(r"/statement/(Q[1-9]\d*)-(.+)$", re.IGNORECASE)


def statement_id(uri: str) -> str:
    """Wikidata's id of a statement ("Q90$4AA5...") from its URI in query results."""
    found = _STATEMENT.search(uri)
    return f"{found.group(1)}${found.group(2)}" if found else uri


def partial_date(value: str, precision: str) -> tuple[str, str]:
    """A Wikidata time as a partial date of its precision, or why it is not kept."""
    if not value:
        return "", ""
    found = re.match(r"^(\d{4})-(\d{2})-(\d{2})T", value)
    level = int(precision) if precision.isdigit() else 11
    if not found or level < 9:
        return "", f"date {value} not kept (before year 1000, or known only to the decade)"
    year, month, day = found.groups()
    text = year if level == 9 else f"{year}-{month}" if level == 10 else f"{year}-{month}-{day}"
    try:
        return parse_partial_date(text), ""
    except ValidationError:
        return "", f"date {value} not kept (not a calendar date)"


def claims_from_bindings(
    bindings: list[Binding], value_var: str
) -> tuple[list[Claim], dict[str, Item]]:
    """The claims of the results (repeats of a statement point at its first result) and the
    cities they name."""
    claims: list[Claim] = []
    items: dict[str, Item] = {}
    first: dict[str, Claim] = {}
    for number, binding in enumerate(bindings, start=1):
        claim = _claim(number, binding_getter(binding), value_var)
        claims.append(claim)
        if claim.problem:
            continue
        item = items.setdefault(claim.city, Item(claim.city))
        get = binding_getter(binding)
        item.label = item.label or get("cityLabel")
        point = parse_point(get("city_coordinate_location"))
        if point is not None and point not in item.points:
            item.points.append(point)
        earlier = first.setdefault(claim.statement, claim)
        if earlier is not claim:
            claim.first = earlier.number
            if claim.party and claim.party not in earlier.party.split("; "):
                earlier.party = "; ".join(filter(None, [earlier.party, claim.party]))
    return claims, items


def _claim(number: int, get: Callable[[str], str], value_var: str) -> Claim:
    city, value = item_id(get("city")), item_id(get(value_var))
    if not city or not value:
        what = "city" if not city else value_var
        return Claim(number, "", "", "", "", problem=f"{what} {get(what)!r} is not a Wikidata item")
    start, start_note = partial_date(get("start"), get("start_precision"))
    end, end_note = partial_date(get("end"), get("end_precision"))
    claim = Claim(
        number,
        statement_id(get("statement")) or f"{city}-{value}",
        city,
        value,
        get(f"{value_var}Label") or value,
        start=start,
        end=end,
        party=get("partyLabel")[:200],
        notes=[n for n in (start_note, end_note) if n],
    )
    if start and end and end < start:
        claim.notes.append(f"end {end} before start {start}: end not kept")
        claim.end = ""
    return claim


Usable = list[tuple[Claim, Resolution, dict[str, Any]]]


def read(
    path: Path | None, options: ImportOptions, *, client: SparqlClient, page_size: int
) -> LiveResult:
    """Every page of the live query's results (the options checked first)."""
    prop, country, limit = _live_options(path, options)
    bindings: list[Binding] = []
    complete = False
    with tqdm(
        desc=f"querying Wikidata ({prop})", unit=" results", disable=not options.progress
    ) as bar:
        for page in client.pages(
            lambda size, offset: build_query(prop, country=country, limit=size, offset=offset),
            page_size=page_size,
            limit=limit,
        ):
            bindings.extend(page.bindings)
            bar.update(len(page.bindings))
            complete = len(page.bindings) < (
                min(page_size, limit - page.offset) if limit else page_size
            )
    return LiveResult(prop, country, bindings, complete or not limit)
