"""What the organisations app contributes: pages, API entities, counts, search and options,
the memberships export, and its sections of the home page and of city and country profiles."""

from typing import Any

from django.db.models import Q

from citydiplomacy.core import extensions as ext
from citydiplomacy.core.schemas import dump


def _search(text: str, limit: int, user: Any) -> list[dict[str, Any]]:
    from citydiplomacy.organisations.models import Organisation
    from citydiplomacy.organisations.schemas import OrganisationRef

    found = Organisation.objects.filter(Q(name__icontains=text) | Q(acronym__iexact=text))
    return [
        {**dump(OrganisationRef, org), "label": org.name, "detail": "organisation"}
        for org in found.order_by("name")[:limit]
    ]


def _options(text: str, user: Any) -> list[dict[str, Any]]:
    from citydiplomacy.organisations.models import Organisation

    orgs = Organisation.objects.filter(name__icontains=text).order_by("name")[:20]
    return [{"value": o.slug, "label": str(o)} for o in orgs]


def register() -> None:
    from citydiplomacy.organisations import api, exports, panels
    from citydiplomacy.organisations.models import Membership, Organisation

    ext.urls.register(ext.UrlInclude("organisations", "citydiplomacy.organisations.urls", order=30))
    ext.nav.register(ext.NavItem("organisations", "Organisations", "organisations:list", 20))
    ext.nav.register(ext.NavItem("memberships", "Memberships", "organisations:memberships", 30))
    ext.entities.register(api.ORGANISATION)
    ext.entities.register(api.MEMBERSHIP)
    count = ext.Count
    ext.counts.register(
        count(
            "organisations", "organisations", Organisation.objects.count, "organisations:list", 30
        )
    )
    ext.counts.register(
        count(
            "memberships", "memberships", Membership.objects.count, "organisations:memberships", 40
        )
    )
    ext.search.register(
        ext.SearchProvider("organisations", "Organisations", "organisation", _search, order=20)
    )
    ext.options.register(ext.OptionProvider("organisation", _options))
    ext.exports.register(exports.DATASET)
    panel = ext.ProfilePanel
    ext.profile_panels.register(
        panel("memberships", "city", panels.city_panel, "organisations/_city_panel.html", 30)
    )
    ext.profile_panels.register(panel("memberships-country", "country", panels.country_panel))
    ext.profile_panels.register(
        panel("largest-networks", "home", panels.home_panel, "organisations/_home_panel.html", 20)
    )
    from citydiplomacy.organisations import examples

    for example in examples.EXAMPLES:
        ext.examples.register(example)
