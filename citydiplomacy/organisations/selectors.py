"""Reading organisations and memberships."""

from typing import Any

from django.db.models import Count, Q, QuerySet, prefetch_related_objects

from citydiplomacy.geo.models import City
from citydiplomacy.geo.names import match_rank, name_key
from citydiplomacy.organisations.models import Membership, Organisation
from citydiplomacy.sources.selectors import with_sources


def organisations_with_counts() -> QuerySet[Organisation]:
    # Meta.ordering does not apply to grouped queries, so order explicitly.
    return (
        Organisation.objects.select_related("secretariat_city", "secretariat_country")
        .annotate(
            member_count=Count("memberships__city", filter=Q(memberships__left=""), distinct=True)
        )
        .order_by("name")
    )


def organisation_for_profile(slug: str) -> Organisation:
    return (
        Organisation.objects.select_related("secretariat_city__country", "secretariat_country")
        .prefetch_related("themes", with_sources())
        .get(slug=slug)
    )


MEMBER_FIELDS = (
    "city_id",
    "role",
    "joined",
    "left",
    "city__name",
    "city__country__name",
    "city__latitude",
    "city__longitude",
    "city__population",
)


def member_rows(organisation: Organisation) -> list[dict[str, Any]]:
    """Every membership as a light row: enough for counts, weight and the map."""
    return list(Membership.objects.filter(organisation=organisation).values(*MEMBER_FIELDS))


def largest_memberships(organisation: Organisation, limit: int) -> list[Membership]:
    """The memberships of the `limit` most populous members, with their sources."""
    shown = list(
        Membership.objects.filter(organisation=organisation)
        .select_related("city__country")
        .order_by("-city__population", "city__name", "joined")[:limit]
    )
    for membership in shown:
        membership.organisation = organisation  # one object, not a copy per row
    prefetch_related_objects(shown, with_sources())
    return shown


def memberships_of_city(city: City) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(city=city)
        .select_related("city", "organisation")
        .prefetch_related(with_sources())
        .order_by("organisation__name", "joined")
    )


def memberships() -> QuerySet[Membership]:
    return Membership.objects.select_related("city__country", "organisation").prefetch_related(
        with_sources()
    )


def combined_population(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Population of the current members' cities, each city counted once however many roles."""
    current = {r["city_id"]: r["city__population"] for r in rows if not r["left"]}
    everyone = {r["city_id"]: r["city__population"] for r in rows}
    return {
        "current_cities": len(current),
        "current_population": sum(current.values()),
        "all_cities": len(everyone),
        "all_population": sum(everyone.values()),
    }


def organisation_search(text: str, *, limit: int = 10) -> list[Organisation]:
    """Organisations whose name or acronym matches `text`, accent- and case-blind, the
    closest match first ("C40" before "C40 Cities Finance Facility"), then by name. Each
    carries `match_reason` ("name", "acronym: ICLEI"). The search page and every
    organisation picker use this, so both answer the same."""
    key = name_key(text)
    if not key:
        return []
    ranked: list[tuple[tuple[int, str], int, str]] = []
    for pk, name, acronym in Organisation.objects.values_list("pk", "name", "acronym"):
        by_name = match_rank(key, name_key(name))
        by_acronym = match_rank(key, name_key(acronym)) if acronym else None
        if by_acronym is not None and (by_name is None or by_acronym < by_name):
            ranked.append(((by_acronym, name.casefold()), pk, f"acronym: {acronym}"))
        elif by_name is not None:
            ranked.append(((by_name, name.casefold()), pk, "name"))
    ranked.sort()
    chosen = ranked[:limit]
    found = Organisation.objects.in_bulk([pk for _, pk, _ in chosen])
    results = []
    for _, pk, reason in chosen:
        organisation = found[pk]
        organisation.match_reason = reason  # type: ignore[attr-defined]
        results.append(organisation)
    return results


def organisation_options(text: str, user: Any = None) -> list[dict[str, Any]]:
    """An organisation picker's options: the search page's matches, in its order."""
    return [
        {
            "value": organisation.slug,
            "label": str(organisation),
            "detail": organisation.get_kind_display(),
            "reason": getattr(organisation, "match_reason", ""),
        }
        for organisation in organisation_search(text, limit=20)
    ]
