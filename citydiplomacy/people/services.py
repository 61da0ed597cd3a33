"""Creating and changing people and the offices they hold."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError

from citydiplomacy.core.history.services import Actor, delete_recorded
from citydiplomacy.core.slugs import unique_slug
from citydiplomacy.geo.models import City
from citydiplomacy.organisations.models import Organisation
from citydiplomacy.people.models import OfficeHeld, OfficeRole, Person
from citydiplomacy.sources.services import CitationSpec, create_cited, update_cited

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
