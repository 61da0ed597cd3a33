"""What the people app contributes: pages, API entities, counts, search and options, and
the mayors and office holders on city and organisation profiles."""

from typing import Any

from citydiplomacy.core import extensions as ext
from citydiplomacy.core.schemas import dump


def _search(text: str, limit: int, user: Any) -> list[dict[str, Any]]:
    from citydiplomacy.people.models import Person
    from citydiplomacy.people.schemas import PersonRef

    found = Person.objects.filter(name__icontains=text).order_by("name")[:limit]
    return [{**dump(PersonRef, p), "label": p.name, "detail": "person"} for p in found]


def _options(text: str, user: Any) -> list[dict[str, Any]]:
    from citydiplomacy.people.models import Person

    people = Person.objects.filter(name__icontains=text).order_by("name")[:20]
    return [{"value": p.slug, "label": p.name} for p in people]


def register() -> None:
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
