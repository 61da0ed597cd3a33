"""Reading organisations and memberships."""

from django.db.models import Count, Q, QuerySet

from citydiplomacy.geo.models import City
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


def memberships_of_organisation(organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("city__country", "organisation")
        .prefetch_related(with_sources())
        .order_by("-city__population", "city__name", "joined")
    )


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


def combined_population(members: list[Membership]) -> dict[str, int]:
    """Population of the current members' cities, each city counted once however many roles."""
    current = {m.city_id: m.city.population for m in members if m.is_current}
    everyone = {m.city_id: m.city.population for m in members}
    return {
        "current_cities": len(current),
        "current_population": sum(current.values()),
        "all_cities": len(everyone),
        "all_population": sum(everyone.values()),
    }
