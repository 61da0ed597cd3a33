"""Creating and changing organisations and memberships."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError

from citydiplomacy.core.history.services import Actor, delete_recorded, update_recorded
from citydiplomacy.core.slugs import unique_slug
from citydiplomacy.geo.models import City, Country
from citydiplomacy.organisations.models import Membership, MembershipRole, Organisation, Topic
from citydiplomacy.sources.services import (
    CitationSpec,
    cited_merge_into,
    create_cited,
    update_cited,
)

ORGANISATION_EDITABLE = (
    "name",
    "acronym",
    "kind",
    "founded",
    "dissolved",
    "secretariat_city",
    "secretariat_country",
    "website",
    "wikidata_id",
    "description",
)
MEMBERSHIP_EDITABLE = ("role", "joined", "left", "note")


def organisation_by_slug(value: Any, field: str = "organisation") -> Organisation:
    organisation = Organisation.objects.filter(slug=str(value or "").strip().lower()).first()
    if organisation is None:
        raise ValidationError({field: f"No organisation with slug {value!r}."}, code="unknown")
    return organisation


def topics_by_slug(slugs: Sequence[str], field: str = "themes") -> list[Topic]:
    found = Topic.objects.in_bulk(list(slugs))
    missing = sorted(set(slugs) - set(found))
    if missing:
        known = ", ".join(Topic.objects.values_list("slug", flat=True))
        raise ValidationError(
            {field: f"Unknown topic {', '.join(map(repr, missing))}; known topics: {known}."},
            code="unknown",
        )
    return [found[slug] for slug in slugs]


def organisation_create(
    *,
    name: str,
    kind: str,
    slug: str = "",
    acronym: str = "",
    themes: Sequence[Topic] = (),
    founded: str = "",
    dissolved: str = "",
    secretariat_city: City | None = None,
    secretariat_country: Country | None = None,
    website: str = "",
    wikidata_id: str = "",
    description: str = "",
    citations: Sequence[CitationSpec],
    actor: Actor,
) -> Organisation:
    if secretariat_city is not None and secretariat_country is None:
        secretariat_country = secretariat_city.country
    organisation = Organisation(
        slug=slug or unique_slug(Organisation, acronym or name),
        name=name,
        acronym=acronym,
        kind=kind,
        founded=founded,
        dissolved=dissolved,
        secretariat_city=secretariat_city,
        secretariat_country=secretariat_country,
        website=website,
        wikidata_id=wikidata_id,
        description=description,
    )
    return create_cited(
        organisation, citations=citations, actor=actor, also=lambda org: org.themes.set(themes)
    )


def organisation_update(
    organisation: Organisation,
    *,
    actor: Actor,
    expected_version: int | None,
    themes: Sequence[Topic] | None = None,
    citations: Sequence[CitationSpec] | None = None,
    **changes: Any,
) -> Organisation:
    return update_cited(
        organisation,
        changes=changes,
        editable=ORGANISATION_EDITABLE,
        citations=citations,
        actor=actor,
        expected_version=expected_version,
        also=None if themes is None else lambda org: org.themes.set(themes),
    )


def organisation_delete(
    organisation: Organisation, *, actor: Actor, expected_version: int | None
) -> None:
    delete_recorded(organisation, actor=actor, expected_version=expected_version)


def membership_record(
    *,
    city: City,
    organisation: Organisation,
    role: str = MembershipRole.MEMBER,
    joined: str = "",
    left: str = "",
    note: str = "",
    citations: Sequence[CitationSpec],
    actor: Actor,
) -> Membership:
    membership = Membership(
        city=city, organisation=organisation, role=role, joined=joined, left=left, note=note
    )
    return create_cited(membership, citations=citations, actor=actor)


def membership_update(
    membership: Membership,
    *,
    actor: Actor,
    expected_version: int | None,
    citations: Sequence[CitationSpec] | None = None,
    **changes: Any,
) -> Membership:
    return update_cited(
        membership,
        changes=changes,
        editable=MEMBERSHIP_EDITABLE,
        citations=citations,
        actor=actor,
        expected_version=expected_version,
    )


def membership_delete(
    membership: Membership, *, actor: Actor, expected_version: int | None
) -> None:
    delete_recorded(membership, actor=actor, expected_version=expected_version)


def memberships_move(from_id: int, to_id: int, actor: Actor) -> int:
    """A provisional place's memberships (and secretariats) onto the city it was settled as
    (`city_movers`); a membership the city already has takes the moved one's citations."""
    moved = 0
    for membership in Membership.objects.filter(city_id=from_id).order_by("pk"):
        twin = Membership.objects.filter(
            city_id=to_id,
            organisation_id=membership.organisation_id,
            role=membership.role,
            joined=membership.joined,
        ).first()
        if twin is not None:
            cited_merge_into(membership, twin, actor=actor)
        else:
            membership.city_id = to_id
            update_recorded(membership, actor=actor, expected_version=None)
        moved += 1
    for organisation in Organisation.objects.filter(secretariat_city_id=from_id):
        organisation.secretariat_city_id = to_id
        update_recorded(organisation, actor=actor, expected_version=None)
        moved += 1
    return moved
