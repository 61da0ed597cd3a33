"""Briefing books: everything known about a partner (a city or a country), or a visit.

A briefing is built from the same data functions as the pages: the partner's part is the city
or country page's own data (`geo.views`), the office's part the engagement, follow-up,
consular-post and gift rows of their pages (the same schemas), so a briefing never says
something the pages do not. The HTML page and the PDF render this one dict.
"""

from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from citydiplomacy.contacts.models import ConsularPost, Contact
from citydiplomacy.contacts.schemas import ConsularPostOut, ContactRef
from citydiplomacy.core.pages import PageResult
from citydiplomacy.core.schemas import dump
from citydiplomacy.engagements.models import PENDING, Engagement, FollowUp
from citydiplomacy.engagements.schemas import EngagementOut, FollowUpOut
from citydiplomacy.engagements.selectors import (
    visible_engagements,
    with_details,
    with_partner_city,
    with_partner_country,
)
from citydiplomacy.geo.models import City, Country
from citydiplomacy.offices.models import Office
from citydiplomacy.offices.schemas import OfficeRef
from citydiplomacy.offices.visibility import can_read, visible
from citydiplomacy.protocol.models import Gift, Visit
from citydiplomacy.protocol.selectors import gift_row, visible_visits, visit_data
from citydiplomacy.protocol.services import rules_of

OFFICE_ONLY = "Office-only"


def readable_office(user: Any, slug: str) -> Office:
    office = Office.objects.select_related("city__country").filter(slug=slug).first()
    if office is None or not can_read(user, office):
        raise Http404(f"No office {slug!r} that you are a member of.")
    return office


# What a profile page adds itself; the rest of its data is what its panels drew.
PAGE_KEYS = frozenset(
    {"title", "city", "country", "also_known_as", "counts", "sources", "history_url"}
    | {"biggest_cities"}  # the country page's
)


def _page_data(view: Any, request: HttpRequest, *args: Any) -> dict[str, Any]:
    """The data a page's own data function gives (the page without its rendering), with the
    panels it drew under "_panels": the briefing shows the same sections, drawn once."""
    result = view.__wrapped__(request, *args)
    if not isinstance(result, PageResult):
        return {**result, "_panels": {"data": {}, "shown": []}}
    data = dict(result.data)
    panel_data = {k: v for k, v in data.items() if k not in PAGE_KEYS}
    data["_panels"] = {"data": panel_data, "shown": result.html_context.get("panels", [])}
    return data


def _city_profile(request: HttpRequest, city: City) -> dict[str, Any]:
    from citydiplomacy.geo.views import city_detail

    data = _page_data(city_detail, request, city.pk)
    mayors = data["mayors"]
    current = [m for m in mayors if not m["end"]]
    return {
        "kind": "city",
        "name": city.name,
        "city": data["city"],
        "country": data["country"],
        "mayor": (current or mayors[-1:] or [None])[-1],
        "mayors": mayors,
        "population_series": data["population_series"],
        "agreements": data["agreements"],
        "memberships": data["memberships"],
        "sources": data["sources"],
        "panels": data["_panels"],
    }


def _country_profile(request: HttpRequest, country: Country) -> dict[str, Any]:
    from citydiplomacy.geo.views import country_detail

    data = _page_data(country_detail, request, country.pk)
    return {
        "kind": "country",
        "name": country.name,
        "country": data["country"],
        "counts": data["counts"],
        "biggest_cities": data["biggest_cities"],
        "agreements": [],
        "memberships": [],
        "sources": [],
        "panels": data["_panels"],
    }


def _shared_networks(office: Office, memberships: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The partner's current networks that the office's own city also belongs to."""
    from citydiplomacy.organisations.models import Membership

    ours = set(
        Membership.objects.filter(city_id=office.city_id, left="").values_list(
            "organisation__slug", flat=True
        )
    )
    return [m for m in memberships if m["current"] and m["organisation"]["slug"] in ours]


def _office_part(
    request: HttpRequest, office: Office, condition: Q, country: str | None
) -> dict[str, Any]:
    engagements = list(
        with_details(visible_engagements(request.user).filter(office=office).filter(condition))
    )
    ids = [e.pk for e in engagements]
    follow_ups = (
        visible(FollowUp.objects.all(), request.user)
        .filter(engagement_id__in=ids, status__in=PENDING)
        .select_related("office", "engagement", "owner")
    )
    contacts = (
        visible(Contact.objects.all(), request.user)
        .filter(office=office, engagements__in=ids)
        .distinct()
        .order_by("name")
    )
    posts = []
    if country:
        posts = list(
            visible(ConsularPost.objects.all(), request.user)
            .filter(office=office, country_id=country)
            .select_related("office", "country", "holder")
        )
    rules = rules_of(office)
    gifts = (
        visible(Gift.objects.all(), request.user)
        .filter(office=office)
        .filter(Q(engagement_id__in=ids) | Q(visit__engagement_id__in=ids))
        .select_related("office", "giver_contact", "recipient_contact")
    )
    return {
        "engagements": [dump(EngagementOut, e) for e in engagements],
        "open_follow_ups": [dump(FollowUpOut, f) for f in follow_ups],
        "contacts": [dump(ContactRef, c) for c in contacts],
        "consular_posts": [dump(ConsularPostOut, p) for p in posts],
        "gifts": [gift_row(g, rules) for g in gifts],
    }


def _frame(request: HttpRequest, office: Office, title: str) -> dict[str, Any]:
    return {
        "title": title,
        "office": dump(OfficeRef, office),
        "generated_at": timezone.localtime().isoformat(timespec="minutes"),
        "marking": OFFICE_ONLY,
    }


def city_briefing(request: HttpRequest, slug: str, geonames_id: int) -> dict[str, Any]:
    office = readable_office(request.user, slug)
    city = get_object_or_404(City.objects.select_related("country"), pk=geonames_id)
    return _partner_briefing(request, office, partner_city=city)


def country_briefing(request: HttpRequest, slug: str, iso2: str) -> dict[str, Any]:
    office = readable_office(request.user, slug)
    country = get_object_or_404(Country, pk=iso2.upper())
    return _partner_briefing(request, office, partner_country=country)


def _partner_briefing(
    request: HttpRequest,
    office: Office,
    *,
    partner_city: City | None = None,
    partner_country: Country | None = None,
) -> dict[str, Any]:
    if partner_city is not None:
        profile = _city_profile(request, partner_city)
        condition, country = with_partner_city(partner_city.pk), partner_city.country_id
    else:
        assert partner_country is not None
        profile = _country_profile(request, partner_country)
        condition, country = with_partner_country(partner_country.pk), partner_country.pk
    data = _frame(request, office, f"Briefing: {profile['name']}")
    data["partner"] = profile
    data["shared_networks"] = _shared_networks(office, profile["memberships"])
    data["our_agreements"] = [
        a
        for a in profile["agreements"]
        if office.city_id in (a["city_a"]["geonames_id"], a["city_b"]["geonames_id"])
    ]
    data.update(_office_part(request, office, condition, country))
    # Other domains' sections of the partner's page (commitments, practices, ...).
    data["panels"] = profile.pop("panels")
    return data


def visit_briefing(request: HttpRequest, pk: int) -> dict[str, Any]:
    """A visit's briefing: the visit (request, delegation, programme) and its partner's."""
    visit: Visit = get_object_or_404(visible_visits(request.user), pk=pk)
    office = visit.office
    engagement = Engagement.objects.prefetch_related("cities", "countries").get(
        pk=visit.engagement_id
    )
    city = next(iter(engagement.cities.all()), None)
    country = next(iter(engagement.countries.all()), None)
    if city is None and country is None:
        visitor = visit.principal_contact or visit.requester_contact
        city = visitor.city if visitor is not None else None
    if city is not None or country is not None:
        data = _partner_briefing(request, office, partner_city=city, partner_country=country)
    else:
        data = _frame(request, office, "")
        data.update(_office_part(request, office, Q(pk=engagement.pk), None))
        data["partner"] = None
    data["title"] = f"Briefing: {engagement.title}"
    data.update(visit_data(visit))
    return data
