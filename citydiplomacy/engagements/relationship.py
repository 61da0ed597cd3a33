"""The office's relationship with one partner city, the header of its partner page: the
agreements between the office's city and the partner, the office's contacts there, the last
engagement, the open follow-ups and the documents (the briefing books of its visits).

Computed from the office's own records and the public agreements only, for its members
(the page is a 404 for anyone else). A fixed number of queries, whatever the history.
"""

from typing import Any

from django.apps import apps
from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.engagements.models import Engagement
from citydiplomacy.engagements.panels import contact_rows, open_follow_up_rows
from citydiplomacy.engagements.selectors import partner_or_place_ids
from citydiplomacy.geo.models import City
from citydiplomacy.offices.models import Office
from citydiplomacy.offices.visibility import require_member

DOCUMENTS_SHOWN = 10


def _agreements(office: Office, partner: City) -> list[dict[str, Any]]:
    home, other = office.city_id, partner.pk
    ties = Agreement.objects.filter(
        Q(city_a_id=home, city_b_id=other) | Q(city_a_id=other, city_b_id=home)
    ).select_related("stated_only_by")
    return [
        {
            "kind_label": tie.get_kind_display(),
            "signed": tie.signed,
            "ended": tie.ended,
            "status": tie.status,
            "stated_only_by": tie.stated_only_by.name if tie.stated_only_by else None,
            "url": reverse("agreements:detail", args=[tie.pk]),
        }
        for tie in ties.order_by("signed", "id")
    ]


def _documents(office: Office, engagement_ids: QuerySet[Any]) -> list[dict[str, Any]]:
    """The briefing books of the office's visits that were engagements with the partner
    (protocol is an optional app: looked up by name, as nothing here imports it)."""
    if not apps.is_installed("citydiplomacy.protocol"):
        return []
    visit = apps.get_model("protocol", "Visit")
    visits = visit.objects.filter(office=office, engagement_id__in=engagement_ids)
    return [
        {
            "title": f"Briefing book: {v.engagement.title}",
            "date": v.engagement.starts_on.isoformat(),
            "url": reverse("protocol:visit_briefing", args=[v.pk]),
        }
        for v in visits.select_related("engagement").order_by("-engagement__starts_on", "-id")[
            :DOCUMENTS_SHOWN
        ]
    ]


def partner_relationship(office: Office, user: Any, partner: City) -> dict[str, Any]:
    """The header of the office's partner page for `partner` (a member's view). One
    aggregate gives the count and the last date: the page lists the engagements below."""
    require_member(office, user)
    engagement_ids = partner_or_place_ids(partner.pk)
    mine = Engagement.objects.filter(office=office, pk__in=engagement_ids)
    summary = mine.aggregate(count=Count("pk"), last=Max("starts_on"))
    last = summary["last"]
    return {
        "partner": {
            "geonames_id": partner.pk,
            "name": partner.name,
            "country": partner.country.name,
            "url": reverse("geo:city", args=[partner.pk]),
        },
        "home": office.city.name,
        "agreements": _agreements(office, partner),
        "engagement_count": summary["count"],
        "last_engagement": last.isoformat() if last else None,
        "open_follow_ups": open_follow_up_rows(office, engagement_ids),
        "contacts": contact_rows(office, Q(city=partner)),
        "documents": _documents(office, engagement_ids),
    }
