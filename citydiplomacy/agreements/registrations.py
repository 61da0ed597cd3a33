"""What the agreements app contributes: its pages, API entity, count, export dataset and
its sections of the home page and of city and country profiles, and agreement options."""

from typing import Any

from citydiplomacy.core import extensions as ext


def _options(text: str, user: Any) -> list[dict[str, Any]]:
    from citydiplomacy.agreements.selectors import agreement_options

    return agreement_options(text, user)


def register() -> None:
    from citydiplomacy.agreements.services import agreements_move

    ext.city_movers.register(ext.CityMover("agreements", agreements_move, order=10))
    from citydiplomacy.agreements import csv_template

    csv_template.register()
    from citydiplomacy.agreements.graph import twinning_edges

    ext.graph_layers.register(
        ext.GraphLayer("twinning", "Twinning and agreements", twinning_edges, order=10)
    )
    from citydiplomacy.agreements import api, exports, panels
    from citydiplomacy.agreements.models import Agreement

    ext.urls.register(ext.UrlInclude("agreements", "citydiplomacy.agreements.urls", "agreements/"))
    ext.nav.register(ext.NavItem("agreements", "Agreements", "agreements:list", order=40))
    ext.entities.register(api.AGREEMENT)
    ext.options.register(ext.OptionProvider("agreement", _options))
    ext.counts.register(
        ext.Count("agreements", "agreements", Agreement.objects.count, "agreements:list", 50)
    )
    ext.exports.register(exports.DATASET)
    ext.profile_panels.register(
        ext.ProfilePanel(
            "agreements", "city", panels.city_panel, "agreements/_city_panel.html", order=40
        )
    )
    ext.profile_panels.register(
        ext.ProfilePanel(
            "agreements-country",
            "country",
            panels.country_panel,
            "agreements/_country_panel.html",
            order=40,
        )
    )
    ext.profile_panels.register(
        ext.ProfilePanel(
            "most-agreements", "home", panels.home_panel, "agreements/_home_panel.html", order=10
        )
    )
    from citydiplomacy.agreements import examples

    for example in examples.EXAMPLES:
        ext.examples.register(example)
