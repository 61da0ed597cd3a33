"""Reading people and the offices they held."""

from collections.abc import Callable

from django.db.models import Prefetch, QuerySet

from citydiplomacy.core.partial_dates import earliest, latest
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


def matching_term(
    *, person: Person, role: str, city: City | None, start: str, end: str = ""
) -> OfficeHeld | None:
    """The stored term that a source's term describes, if one clearly does.

    Sources disagree on the edges of a term (a seed says 2001-2013, Wikidata 2002-01-01 to
    2013-12-31), so a term matches on the same start, else a start of the other's precision
    ("2016-05" and "2016-05-09"), else overlapping dates starting within a year of each
    other, else the only stored term without dates. Two candidates match nothing.
    """
    stored = list(OfficeHeld.objects.filter(person=person, role=role, city=city))
    tests: list[Callable[[OfficeHeld], bool]] = [
        lambda o: o.start == start,
        lambda o: (
            bool(o.start and start) and (o.start.startswith(start) or start.startswith(o.start))
        ),
        lambda o: _overlapping(o, start, end),
        lambda o: not o.start and not o.end,
    ]
    for test in tests:
        found = [o for o in stored if test(o)]
        if found:
            return found[0] if len(found) == 1 else None
    return None


def _overlapping(office: OfficeHeld, start: str, end: str) -> bool:
    first_a, first_b = earliest(office.start), earliest(start)
    if first_a is None or first_b is None or abs(first_a.year - first_b.year) > 1:
        return False
    lasts = [d for d in (latest(office.end), latest(end)) if d is not None]
    return not lasts or max(first_a, first_b) <= min(lasts)
