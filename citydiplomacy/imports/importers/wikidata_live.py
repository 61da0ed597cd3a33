"""Live Wikidata: twinning (P190), memberships (P463) and heads of government (P6) of cities.

`citydiplomacy import wikidata-live --live --property P190|P463|P6 [--country CC] [--limit N]`
asks the Wikidata Query Service (see `citydiplomacy.imports.sparql`, the only code that goes
online) for statements about items that are human settlements, page by page, then writes
them like any other import: one transaction, one report line per result, citations that
name the statement. Twinning goes through the file importer's writing code (one agreement
per pair, one-sided statements marked); P463 creates or finds organisations by Wikidata id
and writes memberships; P6 creates or finds people by Wikidata id and writes their terms as
mayor, with start, end and party.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from tqdm import tqdm

from citydiplomacy.core.partial_dates import parse_partial_date
from citydiplomacy.geo.models import City, Country
from citydiplomacy.geo.resolution.resolver import UNMATCHED, Resolution
from citydiplomacy.imports.importers.common import progress
from citydiplomacy.imports.importers.wikidata import (
    Item,
    binding_getter,
    describe_item,
    item_id,
    parse_point,
    resolve_items,
    settle_items,
    twinning_from_bindings,
    write_twinning,
)
from citydiplomacy.imports.report import row_status
from citydiplomacy.imports.runs import ImportContext, ImportFailed, ImportOptions
from citydiplomacy.imports.sparql import Binding, SparqlClient
from citydiplomacy.organisations.bulk import MembershipWriter
from citydiplomacy.organisations.models import MembershipRole, Organisation, OrganisationKind
from citydiplomacy.organisations.services import ORGANISATION_EDITABLE, organisation_create
from citydiplomacy.people.models import OfficeRole, Person
from citydiplomacy.people.selectors import matching_term
from citydiplomacy.people.services import (
    OFFICE_EDITABLE,
    PERSON_EDITABLE,
    office_record,
    person_create,
)
from citydiplomacy.sources.models import SourceKind
from citydiplomacy.sources.services import CitationSpec, merge_cited

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


class WikidataLiveImporter:
    kind = "wikidata-live"
    description = (
        "Live Wikidata query (needs --live): --property P190 twinning, P463 memberships of "
        "organisations, P6 heads of government (mayors); --country CC, --limit N."
    )

    def __init__(self, *, client: SparqlClient | None = None, page_size: int = PAGE_SIZE) -> None:
        self.client = client
        self.page_size = page_size

    def source_values(self, path: Path | None) -> dict[str, Any]:
        return dict(SOURCE)

    def read(self, path: Path | None, options: ImportOptions) -> LiveResult:
        prop, country, limit = _live_options(path, options)
        client = self.client or SparqlClient()
        bindings: list[Binding] = []
        complete = False
        with tqdm(
            desc=f"querying Wikidata ({prop})", unit=" results", disable=not options.progress
        ) as bar:
            for page in client.pages(
                lambda size, offset: build_query(prop, country=country, limit=size, offset=offset),
                page_size=self.page_size,
                limit=limit,
            ):
                bindings.extend(page.bindings)
                bar.update(len(page.bindings))
                complete = len(page.bindings) < (
                    min(self.page_size, limit - page.offset) if limit else self.page_size
                )
        return LiveResult(prop, country, bindings, complete or not limit)

    def write(self, data: LiveResult, ctx: ImportContext) -> None:
        if data.property == "P190":
            # Cut short by --limit, the results may hold A -> B without the B -> A that
            # follows: they then say nothing about which side states a tie.
            twinning = twinning_from_bindings(
                data.bindings, locate=lambda n, a, b: f"{a} P190 {b}", directed=data.complete
            )
            write_twinning(twinning, ctx)
        elif data.property == "P463":
            _write_memberships(data.bindings, ctx)
        else:
            _write_offices(data.bindings, ctx)


def add_arguments(group: Any) -> None:
    """The live importer's own options on `citydiplomacy import wikidata-live`."""
    group.add_argument(
        "--live",
        action="store_true",
        help="Query the public Wikidata SPARQL endpoint (the only command that goes online).",
    )
    group.add_argument(
        "--property",
        choices=("P190", "P463", "P6"),
        default="P190",
        help="P190 twinning, P463 memberships, P6 heads of government (default: P190).",
    )
    group.add_argument("--country", help="Limit a live query to cities of this ISO country.")
    group.add_argument("--limit", type=int, default=0, help="Stop after this many results.")


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


def _resolved_claims(
    bindings: list[Binding], value_var: str, ctx: ImportContext
) -> tuple[Usable, dict[str, str]]:
    """Report the results that cannot be written; return the others with their city and
    report columns, and why the Wikidata ids of some cities were not stored."""
    claims, items = claims_from_bindings(bindings, value_var)
    resolutions = resolve_items(items.values(), ctx)
    missing = Resolution(UNMATCHED, note="not a Wikidata item")
    usable: Usable = []
    for claim in claims:
        city = resolutions.get(claim.city, missing)
        details = _details(claim, items, city, value_var)
        status = row_status([city])
        if claim.problem:
            ctx.report.add(claim.number, "invalid", claim.problem, **details)
        elif claim.first is not None:
            ctx.report.add(claim.number, "duplicate", f"same statement as result {claim.first}")
        elif status != "matched":
            ctx.report.add(claim.number, status, **details)
        else:
            usable.append((claim, city, details))
    used = {claim.city: resolutions[claim.city] for claim, _, _ in usable}
    return usable, settle_items(used, ctx)


def _details(
    claim: Claim, items: Mapping[str, Item], city: Resolution, value_var: str
) -> dict[str, Any]:
    return {
        **describe_item("city_", items.get(claim.city), claim.city, city),
        f"{value_var}_wikidata": claim.value,
        f"{value_var}_label": claim.value_label,
        "statement": claim.statement,
        "start": claim.start,
        "end": claim.end,
        **({"party": claim.party} if value_var == "person" else {}),
    }


# --- P463: memberships ---


def _write_memberships(bindings: list[Binding], ctx: ImportContext) -> None:
    usable, not_stored = _resolved_claims(bindings, "organisation", ctx)
    organisations: dict[str, tuple[Organisation, str]] = {}
    writer = MembershipWriter(ctx.actor, ctx.source)
    keys: dict[int, tuple[int, int, str, str]] = {}
    earlier: dict[int, int | None] = {}
    for claim, city, _ in progress(usable, ctx, "organisations"):
        assert city.place is not None
        if claim.value not in organisations:
            organisations[claim.value] = _organisation(claim, ctx)
        organisation = organisations[claim.value][0]
        gid = city.place.geonames_id
        keys[claim.number] = (gid, organisation.pk, MembershipRole.MEMBER, claim.start)
        earlier[claim.number] = writer.add(
            locator=claim.locator("P463"),
            role=MembershipRole.MEMBER,
            city=gid,
            organisation=organisation.pk,
            joined=claim.start,
            left=claim.end,
            row=claim.number,
        )
    outcomes = writer.flush()
    for claim, _, details in usable:
        how = organisations[claim.value][1]
        outcome = outcomes[keys[claim.number]]
        notes = [how, *claim.notes, *outcome.disagreements, not_stored.get(claim.city, "")]
        status = outcome.status
        if earlier[claim.number] is not None:
            status, notes = "duplicate", [f"same membership as result {earlier[claim.number]}"]
        ctx.report.add(claim.number, status, "; ".join(n for n in notes if n), **details)


def _organisation(claim: Claim, ctx: ImportContext) -> tuple[Organisation, str]:
    """The organisation with the claim's Wikidata id: found, found by name, or created."""
    found = Organisation.objects.filter(wikidata_id=claim.value).first()
    if found is not None:
        return found, ""
    cite = [CitationSpec(ctx.source, locator=claim.value, import_run=ctx.run)]
    named = Organisation.objects.filter(wikidata_id="", name__iexact=claim.value_label).first()
    if named is not None:
        merge_cited(
            named,
            values={"wikidata_id": claim.value},
            editable=ORGANISATION_EDITABLE,
            citations=cite,
            actor=ctx.actor,
        )
        return named, f"organisation {named.slug} given Wikidata id {claim.value}"
    created = organisation_create(
        name=claim.value_label[:300],
        kind=OrganisationKind.OTHER,
        wikidata_id=claim.value,
        citations=cite,
        actor=ctx.actor,
    )
    return created, f"organisation {created.slug} created (kind: other)"


# --- P6: heads of government ---


def _write_offices(bindings: list[Binding], ctx: ImportContext) -> None:
    usable, not_stored = _resolved_claims(bindings, "person", ctx)
    people: dict[str, tuple[Person, str]] = {}
    cities = City.objects.in_bulk({c.place.geonames_id for _, c, _ in usable if c.place})
    for claim, city, details in progress(usable, ctx, "terms in office"):
        assert city.place is not None
        town = cities[city.place.geonames_id]
        if claim.value not in people:
            people[claim.value] = _person(claim, town, ctx)
        person, how = people[claim.value]
        status, disagreements = _office(claim, person, town, ctx)
        notes = [how, *claim.notes, *disagreements, not_stored.get(claim.city, "")]
        people[claim.value] = (person, "")
        ctx.report.add(claim.number, status, "; ".join(n for n in notes if n), **details)


def _person(claim: Claim, city: City, ctx: ImportContext) -> tuple[Person, str]:
    """The person with the claim's Wikidata id; one of that name already mayor of the city;
    or a new one."""
    found = Person.objects.filter(wikidata_id=claim.value).first()
    if found is not None:
        return found, ""
    cite = [CitationSpec(ctx.source, locator=claim.value, import_run=ctx.run)]
    same = Person.objects.filter(wikidata_id="", name=claim.value_label, offices__city=city).first()
    if same is not None:
        merge_cited(
            same,
            values={"wikidata_id": claim.value},
            editable=PERSON_EDITABLE,
            citations=cite,
            actor=ctx.actor,
        )
        return same, f"{same.name} ({same.slug}) given Wikidata id {claim.value}"
    created = person_create(
        name=claim.value_label[:200], wikidata_id=claim.value, citations=cite, actor=ctx.actor
    )
    return created, f"person {created.slug} created"


def _office(claim: Claim, person: Person, city: City, ctx: ImportContext) -> tuple[str, list[str]]:
    """Write the term: merged into the stored term it describes, else created."""
    cite = [CitationSpec(ctx.source, locator=claim.locator("P6"), import_run=ctx.run)]
    target = matching_term(
        person=person, role=OfficeRole.MAYOR, city=city, start=claim.start, end=claim.end
    )
    if target is None:
        office_record(
            person=person,
            role=OfficeRole.MAYOR,
            city=city,
            start=claim.start,
            end=claim.end,
            party=claim.party,
            citations=cite,
            actor=ctx.actor,
        )
        return "created", []
    changed, disagreements = merge_cited(
        target,
        values={"start": claim.start, "end": claim.end, "party": claim.party},
        editable=OFFICE_EDITABLE,
        citations=cite,
        actor=ctx.actor,
    )
    return ("merged" if changed else "unchanged"), disagreements
