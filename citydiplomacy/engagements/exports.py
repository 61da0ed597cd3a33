"""Rows of the engagement and follow-up exports (`registry.exports` writes them as files).

The exports hold only the records of the requesting user's own offices: they are an office's
working files, with participants and staff, never a public dataset.
"""

from typing import Any

from django.urls import reverse

from citydiplomacy.engagements.models import Engagement, FollowUp

ENGAGEMENT_COLUMNS = [
    "id",
    "office",
    "kind",
    "title",
    "starts_on",
    "ends_on",
    "place_geonames_id",
    "place",
    "venue",
    "partner_cities",
    "partner_countries",
    "organisations",
    "topics",
    "agreements",
    "contacts",
    "staff",
    "summary",
    "outcomes",
    "visibility",
    "url",
]
FOLLOW_UP_COLUMNS = [
    "id",
    "office",
    "engagement_id",
    "engagement",
    "what",
    "owner",
    "due_on",
    "status",
    "done_on",
    "overdue",
    "url",
]


def _joined(values: Any) -> str:
    return ";".join(sorted(str(value) for value in values))


def engagement_row(e: Engagement) -> dict[str, Any]:
    return {
        "id": e.pk,
        "office": e.office.slug,
        "kind": e.kind,
        "title": e.title,
        "starts_on": e.starts_on.isoformat(),
        "ends_on": e.ends_on.isoformat() if e.ends_on else "",
        "place_geonames_id": e.city_id or "",
        "place": e.city.name if e.city else "",
        "venue": e.venue,
        "partner_cities": _joined(f"{c.name} ({c.pk})" for c in e.cities.all()),
        "partner_countries": _joined(c.pk for c in e.countries.all()),
        "organisations": _joined(o.slug for o in e.organisations.all()),
        "topics": _joined(t.slug for t in e.topics.all()),
        "agreements": _joined(a.pk for a in e.agreements.all()),
        "contacts": _joined(c.name for c in e.contacts.all()),
        "staff": _joined(u.get_username() for u in e.staff.all()),
        "summary": e.summary,
        "outcomes": e.outcomes,
        "visibility": e.visibility,
        "url": reverse("engagements:detail", args=[e.pk]),
    }


def follow_up_row(f: FollowUp) -> dict[str, Any]:
    return {
        "id": f.pk,
        "office": f.office.slug,
        "engagement_id": f.engagement_id,
        "engagement": f.engagement.title,
        "what": f.what,
        "owner": f.owner.get_username(),
        "due_on": f.due_on.isoformat() if f.due_on else "",
        "status": f.status,
        "done_on": f.done_on.isoformat() if f.done_on else "",
        "overdue": f.is_overdue,
        "url": reverse("engagements:follow_up", args=[f.pk]),
    }
