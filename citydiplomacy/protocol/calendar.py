"""iCalendar output: a visit's programme, and an office's private feed for one user.

The feed gathers the events every registered calendar source gives for the office
(`extensions.calendar_sources`): here the office's active visits (all-day events over their
dates) and their programme items (timed events); the follow-ups' due dates come from the
engagement log, the obligations of the office's city from commitments. Event uids are
stable, so a calendar client updates events instead of duplicating them.
"""

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Prefetch
from django.urls import reverse

from citydiplomacy.core import extensions
from citydiplomacy.core.calendars import ics
from citydiplomacy.core.extensions import CalendarEvent
from citydiplomacy.offices.models import Office
from citydiplomacy.protocol.models import INACTIVE, ProgrammeItem, Visit


def _link(base_url: str, url_name: str, pk: int) -> str:
    return f"{base_url.rstrip('/')}{reverse(url_name, args=[pk])}" if base_url else ""


def _visit_event(visit: Visit, base_url: str) -> CalendarEvent:
    return CalendarEvent(
        uid=f"visit-{visit.pk}@citydiplomacy",
        summary=f"{visit.engagement.title} ({visit.get_status_display()})",
        start=visit.starts_on,
        end=visit.ends_on,
        description=f"Principal: {visit.principal}" if visit.principal else "",
        url=_link(base_url, "protocol:visit", visit.pk),
    )


def _item_event(item: ProgrammeItem, base_url: str = "") -> CalendarEvent:
    names = [p.name for p in getattr(item, "ordered_participants", item.participants.all())]
    lines = [f"Hosts: {item.hosts}"] if item.hosts else []
    if names:
        lines.append("Participants: " + ", ".join(names))
    if item.notes:
        lines.append(item.notes)
    return CalendarEvent(
        uid=f"programme-item-{item.pk}@citydiplomacy",
        summary=item.title,
        start=item.starts_at,
        end=item.ends_at,
        description="\n".join(lines),
        location=item.place,
        url=_link(base_url, "protocol:visit", item.visit_id),
    )


def visit_events(office: Any, base_url: str) -> Iterator[CalendarEvent]:
    """The calendar source of protocol: the office's active visits and their programmes."""
    visits = (
        Visit.objects.filter(office=office)
        .exclude(status__in=INACTIVE)
        .select_related("engagement")
        .prefetch_related(
            Prefetch("programme", queryset=ProgrammeItem.objects.prefetch_related("participants"))
        )
        .order_by("engagement__starts_on", "pk")
    )
    for visit in visits:
        yield _visit_event(visit, base_url)
        for item in visit.programme.all():
            yield _item_event(item, base_url)


def programme_ics(visit: Visit, items: Iterable[ProgrammeItem]) -> bytes:
    events = (_item_event(item) for item in items)
    return ics(f"Programme: {visit.engagement.title}", "protocol", events)


def office_feed_ics(office: Office, base_url: str = "") -> bytes:
    """The office's calendar: what every registered calendar source gives for it."""
    events: list[CalendarEvent] = []
    for source in extensions.calendar_sources:
        events.extend(source.events(office, base_url))
    return ics(f"{office.name}: office calendar", "protocol", events)
