"""Reading the registry as a whole: counts, leaders and cross-entity search."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.contacts.selectors import visible_contacts
from citydiplomacy.engagements.selectors import member_engagements
from citydiplomacy.geo.models import City, Country
from citydiplomacy.geo.selectors import city_search
from citydiplomacy.organisations.models import Membership, Organisation
from citydiplomacy.people.models import OfficeHeld, Person
from citydiplomacy.sources.models import Source


def registry_counts() -> dict[str, int]:
    return {
        "countries": Country.objects.count(),
        "cities": City.objects.count(),
        "organisations": Organisation.objects.count(),
        "memberships": Membership.objects.count(),
        "agreements": Agreement.objects.count(),
        "people": Person.objects.count(),
        "offices": OfficeHeld.objects.count(),
        "sources": Source.objects.count(),
    }


def best_connected_cities(limit: int = 10, *, districts: bool = True) -> list[dict[str, Any]]:
    """Cities with the most agreements (either side); `districts=False` leaves out the ties
    a source states for one of their districts or boroughs ("via district")."""
    counts: dict[int, int] = {}
    agreements = (
        Agreement.objects.all() if districts else Agreement.objects.filter(via_district=False)
    )
    for field in ("city_a_id", "city_b_id"):
        for row in agreements.values(field).annotate(n=Count("id")):
            counts[row[field]] = counts.get(row[field], 0) + row["n"]
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    cities = City.objects.select_related("country").in_bulk([city_id for city_id, _ in top])
    return [{"city": cities[city_id], "agreements": n} for city_id, n in top]


def largest_organisations(limit: int = 10) -> QuerySet[Organisation]:
    return (
        Organisation.objects.annotate(
            member_count=Count("memberships__city", filter=Q(memberships__left=""), distinct=True)
        )
        .filter(member_count__gt=0)
        .order_by("-member_count", "name")[:limit]
    )


def search_everything(query: str, *, limit: int = 10, user: Any = None) -> dict[str, list[Any]]:
    """Cities, organisations and people; and, for an office member, the contacts and
    engagements of their own offices (never anyone else's, for anonymous visitors nothing)."""
    text = query.strip()
    if not text:
        return {"cities": [], "organisations": [], "people": [], "contacts": [], "engagements": []}
    organisations = Organisation.objects.filter(
        Q(name__icontains=text) | Q(acronym__iexact=text)
    ).order_by("name")[:limit]
    people = Person.objects.filter(name__icontains=text).order_by("name")[:limit]
    contacts = visible_contacts(user).filter(name__icontains=text).order_by("name")
    engagements = member_engagements(user).filter(title__icontains=text)
    return {
        "cities": city_search(text, limit=limit),
        "organisations": list(organisations),
        "people": list(people),
        "contacts": list(contacts[:limit]),
        "engagements": list(engagements.order_by("-starts_on", "-id")[:limit]),
    }
