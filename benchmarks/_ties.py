"""Synthetic but realistic ties for the page benchmark, written through the real services.

Every write goes through `agreement_record`, `organisation_create` and `membership_record`,
citing one benchmark Source, with `Actor.system("benchmark")`, exactly as an import would.
Import this module only after `django.setup()`. Writing is idempotent: ties that already
exist are skipped, so a persistent database (--database-url) can be measured again.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from citydiplomacy.agreements.models import Agreement, AgreementKind, AgreementStatus
from citydiplomacy.agreements.services import agreement_record
from citydiplomacy.core.history.services import Actor
from citydiplomacy.geo.models import City
from citydiplomacy.organisations.models import (
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
)
from citydiplomacy.organisations.services import membership_record, organisation_create
from citydiplomacy.people.models import OfficeHeld
from citydiplomacy.sources.models import SourceKind
from citydiplomacy.sources.services import CitationSpec, source_ensure

NEW_YORK = 5128581
SLUG = "benchmark-network"
_KINDS = (AgreementKind.SISTER_CITY, AgreementKind.FRIENDSHIP, AgreementKind.PARTNERSHIP)


@dataclass
class Setup:
    city: City
    organisation: Organisation


def _citations(actor: Actor) -> list[CitationSpec]:
    source = source_ensure(
        key="benchmark-synthetic-ties",
        actor=actor,
        title="Synthetic ties written by benchmarks/profile_pages.py",
        kind=SourceKind.DATASET,
        note="Not real data: agreements and memberships made up to measure the pages.",
    )
    return [CitationSpec(source, locator="synthetic")]


def _partner_ids(city: City) -> set[int]:
    pairs = Agreement.objects.filter(Q(city_a=city) | Q(city_b=city))
    return {a if a != city.pk else b for a, b in pairs.values_list("city_a_id", "city_b_id")}


def _add_agreements(
    city: City, partners: list[City], cites: list[CitationSpec], actor: Actor
) -> None:
    """Give `city` an agreement with each partner it has none with yet."""
    existing = _partner_ids(city)
    for i, partner in enumerate(partners):
        if partner.pk in existing:
            continue
        ended = i % 25 == 24
        agreement_record(
            city_a=city,
            city_b=partner,
            kind=_KINDS[i % len(_KINDS)],
            signed=str(1950 + i % 70),
            ended="2021" if ended else "",
            status=AgreementStatus.ENDED if ended else AgreementStatus.ACTIVE,
            title=f"{city.name} and {partner.name}",
            citations=cites,
            actor=actor,
        )


def _organisation(slug: str, name: str, cites: list[CitationSpec], actor: Actor) -> Organisation:
    found = Organisation.objects.filter(slug=slug).first()
    if found is not None:
        return found
    return organisation_create(
        name=name,
        slug=slug,
        kind=OrganisationKind.CITY_NETWORK,
        founded="1990",
        description="A made-up network for benchmarks.",
        citations=cites,
        actor=actor,
    )


def _add_members(
    org: Organisation, cities: list[City], cites: list[CitationSpec], actor: Actor
) -> None:
    """Make each city a member of `org` unless it is one already."""
    existing = set(Membership.objects.filter(organisation=org).values_list("city_id", flat=True))
    for i, city in enumerate(cities):
        if city.pk in existing:
            continue
        role = MembershipRole.CHAIR if i == 0 else MembershipRole.MEMBER
        membership_record(
            city=city,
            organisation=org,
            role=MembershipRole.FOUNDER if 0 < i <= 20 else role,
            joined=str(1990 + i % 34),
            citations=cites,
            actor=actor,
        )


def create_ties(agreements: int, members: int) -> Setup:
    """New York with partners among the `agreements` most populous other cities, and a
    network whose members are the `members` most populous cities.

    Agreements New York already has (the starter data gives it five) are kept, so with
    `agreements=0` it keeps just those. Calling this again with larger numbers adds the rest.
    """
    actor = Actor.system("benchmark")
    by_size = City.objects.select_related("country").order_by("-population", "geonames_id")
    with transaction.atomic():
        cites = _citations(actor)
        city = City.objects.select_related("country").get(pk=NEW_YORK)
        _add_agreements(city, list(by_size.exclude(pk=NEW_YORK)[:agreements]), cites, actor)
        org = _organisation(SLUG, "Benchmark Network of Cities", cites, actor)
        _add_members(org, list(by_size[:members]), cites, actor)
    return Setup(city, org)


def describe(setup: Setup) -> str:
    """The measured city and network with their numbers of ties, as stored now."""
    city, org = setup.city, setup.organisation
    agreements = Agreement.objects.filter(Q(city_a=city) | Q(city_b=city)).count()
    memberships = Membership.objects.filter(city=city).count()
    offices = OfficeHeld.objects.filter(city=city).count()
    members = Membership.objects.filter(organisation=org).count()
    return (
        f"{city} with {agreements:,} agreements, {memberships:,} memberships and "
        f"{offices:,} offices; {org} with {members:,} memberships"
    )
