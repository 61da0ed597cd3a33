"""What the organisations app contributes: pages, API entities, counts, search and options,
the memberships export, and its sections of the home page and of city and country profiles."""

from typing import Any

from citydiplomacy.core import extensions as ext
from citydiplomacy.core.schemas import dump


def _search(text: str, limit: int, user: Any) -> list[dict[str, Any]]:
    # The same matches, in the same order, as the organisation pickers (`_options`).
    from citydiplomacy.organisations.schemas import OrganisationRef
    from citydiplomacy.organisations.selectors import organisation_search

    return [
        {
            **dump(OrganisationRef, org),
            "label": org.name,
            "detail": "organisation",
            "reason": org.match_reason,  # type: ignore[attr-defined]
        }
        for org in organisation_search(text, limit=limit)
    ]


def _options(text: str, user: Any) -> list[dict[str, Any]]:
    from citydiplomacy.organisations.selectors import organisation_options

    return organisation_options(text, user)


def register() -> None:
    from citydiplomacy.organisations.services import memberships_move

    ext.city_movers.register(ext.CityMover("organisations", memberships_move, order=20))
    from citydiplomacy.organisations import csv_template

    csv_template.register()
    from citydiplomacy.organisations import graph

    ext.graph_layers.register(
        ext.GraphLayer("co-membership", "Shared organisations", graph.co_membership_edges, order=20)
    )
    ext.graph_layers.register(
        ext.GraphLayer(
            "membership",
            "Cities and their organisations",
            graph.membership_edges,
            bipartite=True,
            order=30,
        )
    )
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
