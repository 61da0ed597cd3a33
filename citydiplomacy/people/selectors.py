"""Reading people and the offices they held."""

from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import Prefetch, QuerySet

from citydiplomacy.core.partial_dates import earliest, latest
from citydiplomacy.geo.models import City
from citydiplomacy.geo.names import match_rank, name_key, spelling_reason
from citydiplomacy.geo.selectors import city_search
from citydiplomacy.organisations.models import Organisation
from citydiplomacy.organisations.selectors import organisation_search
from citydiplomacy.people.models import OfficeHeld, OfficeRole, Person
from citydiplomacy.sources.selectors import with_sources


def offices() -> QuerySet[OfficeHeld]:
    return OfficeHeld.objects.select_related(
        "person", "city__country", "organisation"
    ).prefetch_related(with_sources())


def mayors_of_city(city: City) -> QuerySet[OfficeHeld]:
    """The city's mayors, the current or latest first (partial dates sort as text, so an
    unknown start, "", comes last)."""
    return offices().filter(city=city, role=OfficeRole.MAYOR).order_by("-start", "person__name")


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
    return term_among(stored, start=start, end=end)


def term_among(terms: Sequence[OfficeHeld], *, start: str, end: str = "") -> OfficeHeld | None:
    """Which of these terms (one person's, in one role and place) a source's term
    describes, by the rules of `matching_term`; the bulk writer passes the terms it holds."""
    stored = list(terms)
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


def person_search(text: str, *, limit: int = 10) -> list[Person]:
    """People whose name matches `text`, accent- and case-blind, closest match first, then
    by name; when fewer than `limit` do, people who held an office in the cities and
    organisations the city and organisation searches find for it ("Tokyo": its mayors).
    Each carries `match_reason` ("name", "spelling: José Mujica", "office: Mayor of Tokyo,
    2011-2014") and its offices (latest first) prefetched, so a picker can tell two
    namesakes apart. The search page and every person picker use this."""
    key = name_key(text)
    if not key:
        return []
    ranked: list[tuple[int, str, int]] = []
    for pk, name in Person.objects.values_list("pk", "name"):
        rank = match_rank(key, name_key(name))
        if rank is not None:
            ranked.append((rank, name.casefold(), pk))
    ranked.sort()
    ids = [pk for _, _, pk in ranked[:limit]]
    reasons = {pk: "" for pk in ids}  # a name's reason is written once its person is read
    if len(ids) < limit:
        for pk, reason in _holders_of_offices_found(text, limit - len(ids), set(ids)):
            ids.append(pk)
            reasons[pk] = reason
    latest_first = OfficeHeld.objects.select_related("city", "organisation").order_by("-start")
    found = Person.objects.prefetch_related(Prefetch("offices", queryset=latest_first)).in_bulk(ids)
    for pk, person in found.items():
        person.match_reason = reasons[pk] or spelling_reason(text, person.name)  # type: ignore[attr-defined]
    return [found[pk] for pk in ids]


def _holders_of_offices_found(text: str, limit: int, known: set[int]) -> list[tuple[int, str]]:
    """People, not in `known`, who held an office in a city or an organisation that the
    city search and the organisation search find for `text`, in those searches' order and
    the latest term first; each with the term as the reason it matched (a query a place)."""
    places: list[tuple[str, City | Organisation]] = [
        *(("city", c) for c in city_search(text, limit=5)),
        *(("organisation", o) for o in organisation_search(text, limit=3)),
    ]
    found: list[tuple[int, str]] = []
    for field, place in places:
        terms = OfficeHeld.objects.select_related("city", "organisation").filter(**{field: place})
        for term in terms.exclude(person_id__in=known).order_by("-start", "pk"):
            if len(found) == limit:
                return found
            if term.person_id not in known:  # a person's latest term there names them
                known.add(term.person_id)
                found.append((term.person_id, f"office: {office_summary(term)}"))
    return found


def person_options(text: str, user: Any = None) -> list[dict[str, Any]]:
    """A person picker's options: the search page's matches, in its order, each with the
    person's latest office so that namesakes can be told apart."""
    rows = []
    for person in person_search(text, limit=20):
        terms = list(person.offices.all())
        rows.append(
            {
                "value": person.slug,
                "label": person.name,
                "detail": office_summary(terms[0]) if terms else "",
                "reason": getattr(person, "match_reason", ""),
            }
        )
    return rows


def office_summary(term: OfficeHeld) -> str:
    """ "Mayor of Minneapolis, 2022-": the office's heading and its span."""
    what = term.heading
    span = f"{term.start or '?'}\u2013{term.end}"  # an en dash, as in printed term spans
    return f"{what.strip(', ')}, {span}"
