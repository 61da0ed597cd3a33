"""CalendarEvents written as one iCalendar file (a feed, a programme, a city's obligations)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from citydiplomacy.core.extensions import CalendarEvent

if TYPE_CHECKING:
    # icalendar takes a tenth of a second to load: only a feed's request pays for it.
    from icalendar import Event


def _ical_event(item: CalendarEvent, stamp: dt.datetime) -> Event:
    from icalendar import Event

    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", stamp)
    event.add("summary", item.summary)
    event.add("dtstart", item.start)
    if isinstance(item.start, dt.datetime):
        if item.end is not None:
            event.add("dtend", item.end)
    else:
        # An all-day event's DTEND is exclusive in iCalendar: the day after its last day.
        last = item.end if item.end is not None else item.start
        event.add("dtend", last + dt.timedelta(days=1))
    for key, value in (("description", item.description), ("location", item.location)):
        if value:
            event.add(key, value)
    if item.url:
        event.add("url", item.url)
    return event


def ics(name: str, product: str, events: Iterable[CalendarEvent]) -> bytes:
    """One VCALENDAR named `name`; `product` names the part of the platform that wrote it."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", f"-//citydiplomacy//{product}//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = dt.datetime.now(dt.UTC)
    for item in events:
        calendar.add_component(_ical_event(item, stamp))
    return bytes(calendar.to_ical())
