"""Reading people and the offices they held."""

from django.db.models import Prefetch, QuerySet

from citydiplomacy.geo.models import City
from citydiplomacy.organisations.models import Organisation
from citydiplomacy.people.models import OfficeHeld, OfficeRole, Person
from citydiplomacy.sources.selectors import with_sources


def offices() -> QuerySet[OfficeHeld]:
    return OfficeHeld.objects.select_related(
        "person", "city__country", "organisation"
    ).prefetch_related(with_sources())


def mayors_of_city(city: City) -> QuerySet[OfficeHeld]:
    """The city's mayors over time, earliest first (unknown start dates last)."""
    return offices().filter(city=city, role=OfficeRole.MAYOR).order_by("start", "person__name")


def other_offices_in_city(city: City) -> QuerySet[OfficeHeld]:
    return offices().filter(city=city).exclude(role=OfficeRole.MAYOR).order_by("start")


def offices_in_organisation(organisation: Organisation) -> QuerySet[OfficeHeld]:
    return offices().filter(organisation=organisation).order_by("start")


def people() -> QuerySet[Person]:
    return Person.objects.prefetch_related(
        with_sources(),
        Prefetch("offices", queryset=offices().order_by("start")),
    )


def person_for_profile(slug: str) -> Person:
    return people().get(slug=slug)
