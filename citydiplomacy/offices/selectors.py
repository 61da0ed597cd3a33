"""Reading offices: one's own offices with one's role, and an office's members."""

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from citydiplomacy.offices.models import Office, OfficeMembership
from citydiplomacy.offices.visibility import offices_of, role_in


def my_offices(user: Any) -> QuerySet[Office]:
    """The user's offices, each with the user's `role` in it."""
    role = OfficeMembership.objects.filter(office=OuterRef("pk"), user_id=user.pk).values("role")
    return (
        offices_of(user)
        .select_related("city__country")
        .annotate(role=Subquery(role[:1]))
        .order_by("name")
    )


def member_office(user: Any, slug: str) -> tuple[Office, str]:
    """The office `slug` and the user's role in it; Http404 for anyone who is not a member."""
    office = Office.objects.select_related("city__country").filter(slug=slug).first()
    role = role_in(user, office)
    if office is None or role is None:
        raise Http404(f"No office {slug!r} that you are a member of.")
    return office, role


def members(office: Office) -> QuerySet[OfficeMembership]:
    return OfficeMembership.objects.filter(office=office).select_related("user", "office")
