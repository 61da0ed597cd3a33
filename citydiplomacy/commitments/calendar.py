"""A city's obligation deadlines as an iCalendar feed an office can subscribe to."""

import datetime as dt

from citydiplomacy.commitments.obligations import DUE, OVERDUE, Obligation
from citydiplomacy.geo.models import City


def obligations_calendar(city: City, obligations: list[Obligation], base_url: str) -> bytes:
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//citydiplomacy//obligations//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Obligations of {city.name}")
    for obligation in obligations:
        if obligation.due is None or obligation.state not in (DUE, OVERDUE):
            continue
        event = Event()
        # Stable identifiers: a re-fetched feed updates its events instead of duplicating them.
        event.add(
            "uid", f"obligation-{city.pk}-{obligation.rule.pk}-{obligation.due}@citydiplomacy"
        )
        event.add(
            "summary", f"{obligation.organisation_name}: {obligation.rule.get_kind_display()}"
        )
        event.add("dtstart", obligation.due)
        event.add("dtstamp", dt.datetime.now(dt.UTC))
        event.add("description", f"{obligation.rule.description}\n{obligation.note}")
        event.add("url", f"{base_url.rstrip('/')}/cities/{city.pk}/obligations/")
        event.add("status", "CONFIRMED")
        cal.add_component(event)
    return bytes(cal.to_ical())
