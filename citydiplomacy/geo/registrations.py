"""What the gazetteer contributes: city and country pages and API, counts, city search and
options, and the population panel of a city's profile."""

from dataclasses import asdict
from typing import Any

from django.contrib.humanize.templatetags.humanize import intcomma

from citydiplomacy.core import extensions as ext
from citydiplomacy.core.schemas import dump
from citydiplomacy.geo.models import City, Country


def _city_rows(text: str, limit: int, user: Any) -> list[dict[str, Any]]:
    from citydiplomacy.geo.schemas import CitySuggestion
    from citydiplomacy.geo.selectors import city_search

    # The same matches, in the same order, as the city pickers (`_city_options`), each with
    # the reason it matched ("alternate name: Koeln"), which the search page shows.
    return [
        {**dump(CitySuggestion, city), "detail": intcomma(city.population)}
        for city in city_search(text, limit=limit)
    ]


def _provisional_rows(text: str, limit: int, user: Any) -> list[dict[str, Any]]:
    from citydiplomacy.geo.schemas import CitySuggestion
    from citydiplomacy.geo.selectors import provisional_review_url, provisional_search

    # A group of its own, listed after the cities: a real city of the name comes first.
    return [
        {
            **dump(CitySuggestion, place),
            "label": f"{place.label} (not yet matched)",
            "detail": "not yet matched: a provisional place, in the review queue",
            "review_url": provisional_review_url(place),
        }
        for place in provisional_search(text, limit=limit)
    ]


def _city_options(text: str, user: Any) -> list[dict[str, Any]]:
    from citydiplomacy.geo.selectors import city_options

    return city_options(text, user)


def _division_options(text: str, user: Any) -> list[dict[str, Any]]:
    from citydiplomacy.geo.selectors import division_options

    return division_options(text, user)


def _population_panel(city: City, request: Any) -> ext.PanelData:
    from citydiplomacy.geo.charts import population_chart
    from citydiplomacy.geo.views import population_series

    series, sources = population_series(city)
    chart = asdict(population_chart(series))  # JSON-ready: the twin carries it too
    return ext.PanelData(
        data={"population_series": series, "population_chart": chart}, cited=sources
    )


def _routers(name: str) -> Any:
    from citydiplomacy.geo import api

    return getattr(api, name)


def register() -> None:
    from citydiplomacy.geo import init
    from citydiplomacy.geo.settling import population_move

    ext.city_movers.register(ext.CityMover("population", population_move, order=40))

    ext.init_steps.register(
        ext.InitStep("gazetteer", init.load_gazetteer, init.add_arguments, order=10)
    )
    ext.urls.register(ext.UrlInclude("geo", "citydiplomacy.geo.urls", order=20))
    ext.nav.register(ext.NavItem("cities", "Cities", "geo:cities", order=10))
    ext.api_routers.register(ext.ApiRouter("cities", "cities", lambda: _routers("cities"), 10))
    ext.api_routers.register(
        ext.ApiRouter("countries", "countries", lambda: _routers("countries"), 11)
    )
    ext.counts.register(
        ext.Count("countries", "countries", Country.objects.count, "geo:countries", order=10)
    )
    ext.counts.register(
        ext.Count(
            "cities",
            "cities",
            City.objects.filter(provisional=False).count,
            "geo:cities",
            order=20,
        )
    )
    # Counted apart: places the imports kept that no gazetteer city matched yet.
    ext.counts.register(
        ext.Count(
            "provisional-places",
            "provisional places (not yet matched)",
            City.objects.filter(provisional=True).count,
            "geo:review",
            order=21,
        )
    )
    ext.search.register(ext.SearchProvider("cities", "Cities", "city", _city_rows, order=10))
    ext.search.register(
        ext.SearchProvider(
            "provisional-places",
            "Places not yet matched",
            "place not yet matched",
            _provisional_rows,
            order=11,
        )
    )
    ext.options.register(ext.OptionProvider("city", _city_options))
    ext.options.register(ext.OptionProvider("division", _division_options))
    ext.profile_panels.register(
        ext.ProfilePanel(
            "population", "city", _population_panel, "geo/_population_panel.html", order=20
        )
    )
