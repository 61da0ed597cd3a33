"""Creating and changing people and the offices they hold."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError

from citydiplomacy.core.history.services import Actor, delete_recorded, update_recorded
from citydiplomacy.core.slugs import unique_slug
from citydiplomacy.geo.models import City
from citydiplomacy.organisations.models import Organisation
from citydiplomacy.people.models import OfficeHeld, OfficeRole, Person
from citydiplomacy.sources.services import (
    CitationSpec,
    cited_merge_into,
    create_cited,
    update_cited,
)

PERSON_EDITABLE = ("name", "wikidata_id", "born", "note")
OFFICE_EDITABLE = ("role", "title", "start", "end", "party", "note")


def person_by_slug(value: Any, field: str = "person") -> Person:
    person = Person.objects.filter(slug=str(value or "").strip().lower()).first()
    if person is None:
        raise ValidationError({field: f"No person with slug {value!r}."}, code="unknown")
    return person


def person_create(
    *,
    name: str,
    slug: str = "",
    wikidata_id: str = "",
    born: str = "",
    note: str = "",
    citations: Sequence[CitationSpec],
    actor: Actor,
) -> Person:
    person = Person(
        slug=slug or unique_slug(Person, name),
        name=name,
        wikidata_id=wikidata_id,
        born=born,
        note=note,
    )
    return create_cited(person, citations=citations, actor=actor)


def person_update(
    person: Person,
    *,
    actor: Actor,
    expected_version: int | None,
    citations: Sequence[CitationSpec] | None = None,
    **changes: Any,
) -> Person:
    return update_cited(
        person,
        changes=changes,
        editable=PERSON_EDITABLE,
        citations=citations,
        actor=actor,
        expected_version=expected_version,
    )


def person_delete(person: Person, *, actor: Actor, expected_version: int | None) -> None:
    delete_recorded(person, actor=actor, expected_version=expected_version)


def office_record(
    *,
    person: Person,
    role: str = OfficeRole.MAYOR,
    title: str = "",
    city: City | None = None,
    organisation: Organisation | None = None,
    start: str = "",
    end: str = "",
    party: str = "",
    note: str = "",
    citations: Sequence[CitationSpec],
    actor: Actor,
) -> OfficeHeld:
    office = OfficeHeld(
        person=person,
        role=role,
        title=title,
        city=city,
        organisation=organisation,
        start=start,
        end=end,
        party=party,
        note=note,
    )
    return create_cited(office, citations=citations, actor=actor)


def office_update(
    office: OfficeHeld,
    *,
    actor: Actor,
    expected_version: int | None,
    citations: Sequence[CitationSpec] | None = None,
    **changes: Any,
) -> OfficeHeld:
    return update_cited(
        office,
        changes=changes,
        editable=OFFICE_EDITABLE,
        citations=citations,
        actor=actor,
        expected_version=expected_version,
    )


def office_delete(office: OfficeHeld, *, actor: Actor, expected_version: int | None) -> None:
    delete_recorded(office, actor=actor, expected_version=expected_version)


def offices_move(from_id: int, to_id: int, actor: Actor) -> int:
    """The terms in office of a provisional place onto the city it was settled as
    (`city_movers`); a term the city already has takes the moved one's citations."""
    moved = 0
    for office in OfficeHeld.objects.filter(city_id=from_id).order_by("pk"):
        twin = OfficeHeld.objects.filter(
            person_id=office.person_id,
            role=office.role,
            city_id=to_id,
            organisation=office.organisation,
            start=office.start,
        ).first()
        if twin is not None:
            cited_merge_into(office, twin, actor=actor)
        else:
            office.city_id = to_id
            update_recorded(office, actor=actor, expected_version=None)
        moved += 1
    return moved
