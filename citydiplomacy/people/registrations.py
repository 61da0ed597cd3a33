"""What the people app contributes: pages, API entities, counts, search and options, and
the mayors and office holders on city and organisation profiles."""

from typing import Any

from citydiplomacy.core import extensions as ext
from citydiplomacy.core.schemas import dump


def _search(text: str, limit: int, user: Any) -> list[dict[str, Any]]:
    # The same matches, in the same order, as the person pickers (`_options`).
    from citydiplomacy.people.schemas import PersonRef
    from citydiplomacy.people.selectors import office_summary, person_search

    rows = []
    for person in person_search(text, limit=limit):
        terms = list(person.offices.all())
        detail = office_summary(terms[0]) if terms else "person"
        reason = person.match_reason  # type: ignore[attr-defined]
        rows.append(
            {**dump(PersonRef, person), "label": person.name, "detail": detail, "reason": reason}
        )
    return rows


def _options(text: str, user: Any) -> list[dict[str, Any]]:
    from citydiplomacy.people.selectors import person_options

    return person_options(text, user)


def register() -> None:
    from citydiplomacy.people.services import offices_move

    ext.city_movers.register(ext.CityMover("people", offices_move, order=30))
    from citydiplomacy.people import csv_template

    csv_template.register()
    from citydiplomacy.people import api, panels
    from citydiplomacy.people.models import OfficeHeld, Person

    ext.urls.register(ext.UrlInclude("people", "citydiplomacy.people.urls", order=50))
    ext.nav.register(ext.NavItem("people", "People", "people:list", order=50))
    ext.entities.register(api.PERSON)
    ext.entities.register(api.OFFICE)
    ext.counts.register(ext.Count("people", "people", Person.objects.count, "people:list", 60))
    ext.counts.register(
        ext.Count("terms", "terms in office", OfficeHeld.objects.count, order=65, home=False)
    )
    ext.search.register(ext.SearchProvider("people", "People", "person", _search, order=30))
    ext.options.register(ext.OptionProvider("person", _options))
    ext.profile_panels.register(
        ext.ProfilePanel("mayors", "city", panels.city_panel, "people/_city_panel.html", 10)
    )
    ext.profile_panels.register(
        ext.ProfilePanel(
            "office-holders",
            "organisation",
            panels.organisation_panel,
            "people/_organisation_panel.html",
            order=20,
        )
    )
    from citydiplomacy.people import examples

    for example in examples.EXAMPLES:
        ext.examples.register(example)
