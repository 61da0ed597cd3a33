"""What the office knows, shown where its members look: a panel on city and country pages
(its engagements there, the last contact, open follow-ups, its contacts and the consular
posts), and its partners' health on the dashboard (agreements of its city, the last
engagement with each, dormant ones flagged past the office's own threshold).

Everything here is computed from the member's own offices' records only, and shown only to
members: a panel returns None for anyone else. The queries filter on the office rather
than on the visitor's memberships: the panels only ever read the visitor's own offices
(`_offices`), and the dashboard and partner pages check membership once (`require_member`).
"""

import calendar
import datetime as dt
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.contacts.models import Contact
from citydiplomacy.contacts.selectors import visible_consular_posts
from citydiplomacy.core.extensions import PanelData
from citydiplomacy.engagements.models import PENDING, Engagement, FollowUp
from citydiplomacy.engagements.selectors import partner_or_place_ids, with_partner_country
from citydiplomacy.geo.models import City, Country
from citydiplomacy.offices.models import Office
from citydiplomacy.offices.visibility import member_office_ids, require_member, signed_in

PANEL_ROWS = 5


def _offices(user: Any) -> list[Office]:
    if not signed_in(user):
        return []
    return list(Office.objects.filter(pk__in=member_office_ids(user)).order_by("name"))


def office_view(
    office: Office, user: Any, engagement_ids: QuerySet[Any], contacts: Q, posts: Q
) -> dict[str, Any]:
    """What `office` (one of `user`'s) knows of a place: `engagement_ids` is a subquery of
    the ids of the engagements (of any office) that concern it."""
    mine = Engagement.objects.filter(office=office, pk__in=engagement_ids)
    latest = list(mine.order_by("-starts_on", "-id")[:PANEL_ROWS])
    consular = visible_consular_posts(user).filter(office=office).filter(posts)
    return {
        "office": {
            "slug": office.slug,
            "name": office.name,
            "url": reverse("offices:dashboard", args=[office.slug]),
        },
        "engagement_count": mine.count(),
        "last_engagement": latest[0].starts_on.isoformat() if latest else None,
        "engagements": [
            {
                "title": e.title,
                "starts_on": e.starts_on.isoformat(),
                "kind_label": e.get_kind_display(),
                "url": reverse("engagements:detail", args=[e.pk]),
            }
            for e in latest
        ],
        "open_follow_ups": open_follow_up_rows(office, engagement_ids),
        "contacts": contact_rows(office, contacts),
        "consular_posts": [
            {"label": str(p), "url": reverse("contacts:post", args=[p.pk])}
            for p in consular[:PANEL_ROWS]
        ],
    }


def open_follow_up_rows(office: Office, engagement_ids: QuerySet[Any]) -> list[dict[str, Any]]:
    """The office's first open follow-ups of the engagements in `engagement_ids`."""
    follow_ups = FollowUp.objects.filter(
        office=office, status__in=PENDING, engagement_id__in=engagement_ids
    ).order_by("due_on", "id")
    return [
        {
            "what": f.what,
            "due_on": f.due_on.isoformat() if f.due_on else None,
            "url": reverse("engagements:follow_up", args=[f.pk]),
        }
        for f in follow_ups[:PANEL_ROWS]
    ]


def contact_rows(office: Office, contacts: Q) -> list[dict[str, Any]]:
    people = Contact.objects.filter(office=office).filter(contacts).order_by("name")
    return [
        {"name": c.name, "title": c.title, "url": reverse("contacts:detail", args=[c.pk])}
        for c in people[:PANEL_ROWS]
    ]


def _office_panel(
    request: Any, *, engagement_ids: QuerySet[Any], contacts: Q, posts: Q
) -> PanelData | None:
    """Each of the member's offices' dealings with one place (None for anyone else)."""
    offices = _offices(request.user)
    if not offices:
        return None
    views = [
        office_view(office, request.user, engagement_ids, contacts=contacts, posts=posts)
        for office in offices
    ]
    return PanelData(data={"office_panel": views})


def city_office_panel(city: City, request: Any) -> PanelData | None:
    """The member's offices' dealings with `city`, for the city's page."""
    return _office_panel(
        request,
        engagement_ids=partner_or_place_ids(city.pk),
        contacts=Q(city=city),
        posts=Q(country_id=city.country_id),
    )


def country_office_panel(country: Country, request: Any) -> PanelData | None:
    """The member's offices' dealings with `country` and its cities, for its page."""
    concern = with_partner_country(country.pk) | Q(city__country=country)
    return _office_panel(
        request,
        engagement_ids=Engagement.objects.filter(concern).values("pk"),
        contacts=Q(city__country=country),
        posts=Q(country=country),
    )


def partner_health_panel(office: Office, request: Any) -> PanelData:
    """The dashboard's panel of the office's partners (its page is for members only)."""
    return PanelData(data={"partner_health": partner_health(office, request.user)})


def partner_health(office: Office, user: Any) -> dict[str, Any]:
    """The office's partners: the cities its own city has agreements with, the last
    engagement the office recorded with each and whether that is past its dormancy
    threshold (never engaged counts as dormant). Four queries, whatever the number."""
    require_member(office, user)
    home = office.city_id
    ties = Agreement.objects.filter(Q(city_a_id=home) | Q(city_b_id=home)).select_related(
        "city_a__country", "city_b__country"
    )
    partners: dict[int, dict[str, Any]] = {}
    for tie in ties.order_by("signed", "id"):
        partner = tie.city_b if tie.city_a_id == home else tie.city_a
        row = partners.setdefault(
            partner.pk,
            {
                "geonames_id": partner.pk,
                "name": partner.name,
                "country": partner.country.name,
                "url": reverse("geo:city", args=[partner.pk]),
                "agreements": [],
            },
        )
        row["agreements"].append(
            {"kind_label": tie.get_kind_display(), "signed": tie.signed, "status": tie.status}
        )
    links = (
        Engagement.cities.through.objects.filter(
            engagement__office=office,
            city_id__in=list(partners),
            engagement__starts_on__lte=timezone.localdate(),
        )
        .values("city_id")
        .annotate(last=Max("engagement__starts_on"), n=Count("engagement_id"))
    )
    stats: dict[int, dict[str, Any]] = {row["city_id"]: dict(row) for row in links}
    threshold = _months_ago(timezone.localdate(), office.dormant_after_months)
    for pk, row in partners.items():
        seen = stats.get(pk, {})
        last = seen.get("last")
        row["last_engagement"] = last.isoformat() if last else None
        row["engagements"] = seen.get("n", 0)
        row["dormant"] = last is None or last < threshold
    ordered = sorted(
        partners.values(), key=lambda r: (not r["dormant"], r["last_engagement"] or "", r["name"])
    )
    return {
        "partners": ordered,
        "dormant_after_months": office.dormant_after_months,
        "dormant_count": sum(1 for r in ordered if r["dormant"]),
    }


def _months_ago(day: dt.date, months: int) -> dt.date:
    """The same day `months` months before, or that month's last day when it is shorter."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
