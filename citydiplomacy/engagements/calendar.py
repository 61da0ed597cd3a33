"""The due dates of an office's open and in-progress follow-ups, for its private calendar
feed (a registered calendar source)."""

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from citydiplomacy.core.extensions import CalendarEvent
from citydiplomacy.engagements.models import PENDING, FollowUp


def follow_up_events(office: Any, base_url: str) -> Iterator[CalendarEvent]:
    follow_ups = (
        FollowUp.objects.filter(office=office, status__in=PENDING, due_on__isnull=False)
        .select_related("owner")
        .order_by("due_on", "pk")
    )
    for follow_up in follow_ups:
        assert follow_up.due_on is not None  # filtered above; for the type checker
        path = reverse("engagements:follow_up", args=[follow_up.pk])
        yield CalendarEvent(
            uid=f"follow-up-{follow_up.pk}@citydiplomacy",
            summary=f"Due: {follow_up.what}",
            start=follow_up.due_on,
            description=f"Owner: {follow_up.owner.get_username()}",
            url=f"{base_url.rstrip('/')}{path}" if base_url else "",
        )
