"""The organisations' sections of the home page and of city and country profiles."""

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from citydiplomacy.core.extensions import PanelData
from citydiplomacy.core.schemas import dump
from citydiplomacy.geo.models import City, Country
from citydiplomacy.organisations.models import Membership, Organisation
from citydiplomacy.organisations.schemas import MembershipOut, OrganisationRef
from citydiplomacy.organisations.selectors import memberships_of_city


def city_panel(city: City, request: Any) -> PanelData:
    memberships = list(memberships_of_city(city))
    organisations = len({m.organisation_id for m in memberships})
    text = f"member of {organisations} organisation{'s' if organisations != 1 else ''}"
    return PanelData(
        data={"memberships": [dump(MembershipOut, m) for m in memberships]},
        counts={"memberships": len(memberships), "organisations": organisations},
        cited=memberships,
        summary=[{"text": text, "url": ""}],
    )


def country_panel(country: Country, request: Any) -> PanelData:
    total = Membership.objects.filter(city__country=country).count()
    url = reverse("organisations:memberships") + f"?country={country.pk}"
    return PanelData(
        counts={"memberships": total}, summary=[{"text": f"{total:,} memberships", "url": url}]
    )


def largest_organisations(limit: int = 10) -> QuerySet[Organisation]:
    return (
        Organisation.objects.annotate(
            member_count=Count("memberships__city", filter=Q(memberships__left=""), distinct=True)
        )
        .filter(member_count__gt=0)
        .order_by("-member_count", "name")[:limit]
    )


def home_panel(obj: None, request: Any) -> PanelData:
    rows = [
        {**dump(OrganisationRef, org), "members": org.member_count, "figure": org.member_count}  # type: ignore[attr-defined]
        for org in largest_organisations()
    ]
    return PanelData(data={"largest_organisations": rows})
