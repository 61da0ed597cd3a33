"""A city's obligation deadlines as calendar events: the city's own iCalendar file, and the
same events in the private feed of an office of that city (a registered calendar source)."""

from collections.abc import Iterator
from typing import Any

from citydiplomacy.commitments.obligations import DUE, OVERDUE, Obligation
from citydiplomacy.core.calendars import ics
from citydiplomacy.core.extensions import CalendarEvent
from citydiplomacy.geo.models import City


def obligation_events(
    city: City, obligations: list[Obligation], base_url: str
) -> Iterator[CalendarEvent]:
    """The obligations still to meet that have a known deadline (met and undated ones have
    no day to put in a calendar)."""
    for obligation in obligations:
        if obligation.due is None or obligation.state not in (DUE, OVERDUE):
            continue
        yield CalendarEvent(
            # The same uid in both calendars: one event for a client subscribed to both.
            uid=f"obligation-{city.pk}-{obligation.rule.pk}-{obligation.due}@citydiplomacy",
            summary=f"{obligation.organisation_name}: {obligation.rule.get_kind_display()}",
            start=obligation.due,
            description=f"{obligation.rule.description}\n{obligation.note}",
            url=f"{base_url.rstrip('/')}/cities/{city.pk}/obligations/" if base_url else "",
        )


def obligations_calendar(city: City, obligations: list[Obligation], base_url: str) -> bytes:
    events = obligation_events(city, obligations, base_url)
    return ics(f"Obligations of {city.name}", "obligations", events)


def office_city_events(office: Any, base_url: str) -> Iterator[CalendarEvent]:
    """The office's feed: the obligations of its own city (public facts, no office record)."""
    from citydiplomacy.commitments.selectors import obligations_of_city

    city = office.city
    return obligation_events(city, obligations_of_city(city), base_url)
