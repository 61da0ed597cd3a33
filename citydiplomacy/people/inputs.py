"""API and CLI input (slugs, GeoNames ids, source keys) turned into service calls."""

from citydiplomacy.core.history.services import Actor
from citydiplomacy.geo.services import city_by_id
from citydiplomacy.organisations.services import organisation_by_slug
from citydiplomacy.people.models import OfficeHeld, Person
from citydiplomacy.people.schemas import OfficeIn, OfficePatch, PersonIn, PersonPatch
from citydiplomacy.people.services import (
    office_delete,
    office_record,
    office_update,
    person_by_slug,
    person_create,
    person_delete,
    person_update,
)
from citydiplomacy.sources.services import citation_specs


def create_person(data: PersonIn, actor: Actor) -> Person:
    return person_create(
        name=data.name,
        slug=data.slug,
        wikidata_id=data.wikidata_id,
        born=data.born,
        note=data.note,
        citations=citation_specs(data.sources),
        actor=actor,
    )


def update_person(person: Person, data: PersonPatch, actor: Actor) -> Person:
    return person_update(
        person,
        actor=actor,
        expected_version=data.version,
        citations=None if data.sources is None else citation_specs(data.sources),
        **data.model_dump(exclude_unset=True, exclude={"version", "sources"}),
    )


def delete_person(person: Person, actor: Actor, version: int | None) -> None:
    person_delete(person, actor=actor, expected_version=version)


def create_office(data: OfficeIn, actor: Actor) -> OfficeHeld:
    return office_record(
        person=person_by_slug(data.person),
        role=data.role,
        title=data.title,
        city=None if data.city is None else city_by_id(data.city, "city"),
        organisation=None if not data.organisation else organisation_by_slug(data.organisation),
        start=data.start,
        end=data.end,
        party=data.party,
        note=data.note,
        citations=citation_specs(data.sources),
        actor=actor,
    )


def update_office(office: OfficeHeld, data: OfficePatch, actor: Actor) -> OfficeHeld:
    return office_update(
        office,
        actor=actor,
        expected_version=data.version,
        citations=None if data.sources is None else citation_specs(data.sources),
        **data.model_dump(exclude_unset=True, exclude={"version", "sources"}),
    )


def delete_office(office: OfficeHeld, actor: Actor, version: int | None) -> None:
    office_delete(office, actor=actor, expected_version=version)
