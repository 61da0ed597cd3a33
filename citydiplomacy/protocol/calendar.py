"""iCalendar output: a visit's programme, and an office's private feed for one user.

The feed holds the office's active visits (all-day events over their dates), their programme
items (timed events) and the due dates of its pending follow-ups. Event UIDs are stable, so
a calendar client updates events instead of duplicating them.
"""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Prefetch
from django.utils import timezone
from icalendar import Calendar, Event

from citydiplomacy.engagements.models import PENDING, FollowUp
from citydiplomacy.offices.models import Office
from citydiplomacy.protocol.models import INACTIVE, ProgrammeItem, Visit

PRODID = "-//citydiplomacy//protocol//EN"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def _visit_event(visit: Visit, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", f"visit-{visit.pk}@citydiplomacy")
    event.add("dtstamp", stamp)
    event.add("summary", f"{visit.engagement.title} ({visit.get_status_display()})")
    event.add("dtstart", visit.starts_on)
    event.add("dtend", visit.ends_on + dt.timedelta(days=1))  # DTEND of a date is exclusive
    if visit.principal:
        event.add("description", f"Principal: {visit.principal}")
    return event


def _item_event(item: ProgrammeItem, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", f"programme-item-{item.pk}@citydiplomacy")
    event.add("dtstamp", stamp)
    event.add("summary", item.title)
    event.add("dtstart", item.starts_at)
    event.add("dtend", item.ends_at)
    if item.place:
        event.add("location", item.place)
    names = [p.name for p in getattr(item, "ordered_participants", item.participants.all())]
    lines = [f"Hosts: {item.hosts}"] if item.hosts else []
    if names:
        lines.append("Participants: " + ", ".join(names))
    if item.notes:
        lines.append(item.notes)
    if lines:
        event.add("description", "\n".join(lines))
    return event


def _follow_up_event(follow_up: FollowUp, stamp: dt.datetime) -> Event:
    event = Event()
    assert follow_up.due_on is not None
    event.add("uid", f"follow-up-{follow_up.pk}@citydiplomacy")
    event.add("dtstamp", stamp)
    event.add("summary", f"Due: {follow_up.what}")
    event.add("dtstart", follow_up.due_on)
    event.add("dtend", follow_up.due_on + dt.timedelta(days=1))
    event.add("description", f"Owner: {follow_up.owner.get_username()}")
    return event


def programme_ics(visit: Visit, items: Iterable[ProgrammeItem]) -> bytes:
    stamp = timezone.now()
    calendar = _calendar(f"Programme: {visit.engagement.title}")
    for item in items:
        calendar.add_component(_item_event(item, stamp))
    return bytes(calendar.to_ical())


def office_feed_ics(office: Office) -> bytes:
    """The office's calendar: its active visits, their programmes, pending follow-ups' dues."""
    stamp = timezone.now()
    calendar = _calendar(f"{office.name}: visits and follow-ups")
    visits = (
        Visit.objects.filter(office=office)
        .exclude(status__in=INACTIVE)
        .select_related("engagement")
        .prefetch_related(
            Prefetch("programme", queryset=ProgrammeItem.objects.prefetch_related("participants"))
        )
    )
    for visit in visits:
        calendar.add_component(_visit_event(visit, stamp))
        for item in visit.programme.all():
            calendar.add_component(_item_event(item, stamp))
    follow_ups = FollowUp.objects.filter(
        office=office, status__in=PENDING, due_on__isnull=False
    ).select_related("owner")
    for follow_up in follow_ups:
        calendar.add_component(_follow_up_event(follow_up, stamp))
    return bytes(calendar.to_ical())
