"""Writing live Wikidata results: twinning as agreements (as `wikidata-twinning` does),
memberships of organisations, and heads of government with their terms.
"""

from collections.abc import Mapping
from typing import Any

from citydiplomacy.geo.models import City
from citydiplomacy.geo.resolution.resolver import UNMATCHED, Resolution
from citydiplomacy.imports.importers.common import progress
from citydiplomacy.imports.importers.wikidata.reader import Item, twinning_from_bindings
from citydiplomacy.imports.importers.wikidata.writer import (
    describe_item,
    resolve_items,
    settle_items,
    write_twinning,
)
from citydiplomacy.imports.importers.wikidata_live.reader import (
    Claim,
    LiveResult,
    Usable,
    claims_from_bindings,
)
from citydiplomacy.imports.report import row_status
from citydiplomacy.imports.runs import ImportContext
from citydiplomacy.imports.sparql import Binding
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
from citydiplomacy.sources.services import CitationSpec, merge_cited


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


def write(data: LiveResult, ctx: ImportContext) -> None:
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
