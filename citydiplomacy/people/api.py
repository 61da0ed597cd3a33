"""API of people and the offices they held."""

from citydiplomacy.core.crud import Entity
from citydiplomacy.people import inputs
from citydiplomacy.people.filtersets import OfficeHeldFilterSet, PersonFilterSet
from citydiplomacy.people.models import OfficeHeld, Person
from citydiplomacy.people.schemas import (
    OfficeIn,
    OfficeOut,
    OfficePatch,
    PersonIn,
    PersonOut,
    PersonPatch,
)
from citydiplomacy.people.selectors import offices, people

PERSON = Entity[Person](
    name="person",
    plural="people",
    title="People",
    model=Person,
    lookup="slug",
    out_schema=PersonOut,
    in_schema=PersonIn,
    patch_schema=PersonPatch,
    filterset=PersonFilterSet,
    queryset=lambda user: people(),
    create=inputs.create_person,
    update=inputs.update_person,
    delete=inputs.delete_person,
)

OFFICE = Entity[OfficeHeld](
    name="term",
    plural="terms",
    title="Terms in office",
    model=OfficeHeld,
    lookup="pk",
    out_schema=OfficeOut,
    in_schema=OfficeIn,
    patch_schema=OfficePatch,
    filterset=OfficeHeldFilterSet,
    queryset=lambda user: offices(),
    create=inputs.create_office,
    update=inputs.update_office,
    delete=inputs.delete_office,
)
