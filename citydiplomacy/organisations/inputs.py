"""API and CLI input (slugs, GeoNames ids, source keys) turned into service calls."""

from citydiplomacy.core.history.services import Actor
from citydiplomacy.geo.services import city_by_id, country_by_code
from citydiplomacy.organisations.models import Membership, Organisation
from citydiplomacy.organisations.schemas import (
    MembershipIn,
    MembershipPatch,
    OrganisationIn,
    OrganisationPatch,
)
from citydiplomacy.organisations.services import (
    membership_delete,
    membership_record,
    membership_update,
    organisation_by_slug,
    organisation_create,
    organisation_delete,
    organisation_update,
    topics_by_slug,
)
from citydiplomacy.sources.services import citation_specs


def create_organisation(data: OrganisationIn, actor: Actor) -> Organisation:
    return organisation_create(
        name=data.name,
        slug=data.slug,
        acronym=data.acronym,
        kind=data.kind,
        themes=topics_by_slug(data.themes),
        founded=data.founded,
        dissolved=data.dissolved,
        secretariat_city=(
            None
            if data.secretariat_city is None
            else city_by_id(data.secretariat_city, "secretariat_city")
        ),
        secretariat_country=(
            None
            if not data.secretariat_country
            else country_by_code(data.secretariat_country, "secretariat_country")
        ),
        website=data.website,
        wikidata_id=data.wikidata_id,
        description=data.description,
        citations=citation_specs(data.sources),
        actor=actor,
    )


def update_organisation(
    organisation: Organisation, data: OrganisationPatch, actor: Actor
) -> Organisation:
    changes = data.model_dump(exclude_unset=True, exclude={"version", "sources", "themes"})
    if changes.get("secretariat_city") is not None:
        changes["secretariat_city"] = city_by_id(changes["secretariat_city"], "secretariat_city")
    if changes.get("secretariat_country"):
        changes["secretariat_country"] = country_by_code(
            changes["secretariat_country"], "secretariat_country"
        )
    return organisation_update(
        organisation,
        actor=actor,
        expected_version=data.version,
        themes=None if data.themes is None else topics_by_slug(data.themes),
        citations=None if data.sources is None else citation_specs(data.sources),
        **changes,
    )


def delete_organisation(organisation: Organisation, actor: Actor, version: int | None) -> None:
    organisation_delete(organisation, actor=actor, expected_version=version)


def create_membership(data: MembershipIn, actor: Actor) -> Membership:
    return membership_record(
        city=city_by_id(data.city, "city"),
        organisation=organisation_by_slug(data.organisation),
        role=data.role,
        joined=data.joined,
        left=data.left,
        note=data.note,
        citations=citation_specs(data.sources),
        actor=actor,
    )


def update_membership(membership: Membership, data: MembershipPatch, actor: Actor) -> Membership:
    return membership_update(
        membership,
        actor=actor,
        expected_version=data.version,
        citations=None if data.sources is None else citation_specs(data.sources),
        **data.model_dump(exclude_unset=True, exclude={"version", "sources"}),
    )


def delete_membership(membership: Membership, actor: Actor, version: int | None) -> None:
    membership_delete(membership, actor=actor, expected_version=version)
