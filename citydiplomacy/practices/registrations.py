"""What the practices app contributes to the site, the API, the CLI and the network."""

from collections.abc import Iterable
from typing import Any

from citydiplomacy.core import extensions


def _adoption_edges(as_of: Any, user: Any) -> Iterable[extensions.Edge]:
    """Who learned from whom between cities: a directed tie from the source to the learner."""
    from citydiplomacy.core.partial_dates import year_of
    from citydiplomacy.practices.models import Adoption

    rows = Adoption.objects.filter(
        city__isnull=False, borrowed_from__city__isnull=False
    ).values_list("borrowed_from__city_id", "city_id", "practice__slug", "channel", "adopted_on")
    for source, target, slug, channel, adopted_on in rows:
        if as_of is not None and (year_of(adopted_on) or 0) > as_of.year:
            continue
        yield extensions.Edge(
            source=source, target=target, attrs={"practice": slug, "channel": channel}
        )


def _city_panel(city: Any, request: Any) -> extensions.PanelData | None:
    from citydiplomacy.practices.selectors import jurisdiction_practices

    found = jurisdiction_practices(city)
    if not (found["adopted"] or found["partners_adopted"]):
        return None
    found.pop("jurisdiction")
    return extensions.PanelData(
        data={"practices": found}, counts={"practices_adopted": len(found["adopted"])}
    )


def _search(text: str, limit: int, user: Any) -> list[dict[str, Any]]:
    from citydiplomacy.practices.selectors import practice_search

    return [
        {"label": row["title"], "url": row["url"], "detail": f"{row['adoptions']} adoptions"}
        for row in practice_search(text)["results"][:limit]
    ]


def _count() -> int:
    from citydiplomacy.practices.models import Practice

    return Practice.objects.count()


def _adoption_count() -> int:
    from citydiplomacy.practices.models import Adoption

    return Adoption.objects.count()


def register() -> None:
    from citydiplomacy.practices import csv_template
    from citydiplomacy.practices.api import ENTITIES, router
    from citydiplomacy.practices.examples import EXAMPLES
    from citydiplomacy.practices.spid import SpidImporter

    extensions.urls.register(
        extensions.UrlInclude(
            name="practices", module="citydiplomacy.practices.urls", prefix="practices/"
        )
    )
    extensions.nav.register(
        extensions.NavItem(name="practices", label="Practices", url_name="practices:list", order=60)
    )
    for entity in ENTITIES:
        extensions.entities.register(entity)
    extensions.api_routers.register(
        extensions.ApiRouter(name="practice-search", prefix="practice-search", router=router)
    )
    extensions.counts.register(
        extensions.Count(
            name="practices", label="practices", count=_count, url_name="practices:list", order=70
        )
    )
    extensions.counts.register(
        extensions.Count(name="adoptions", label="adoptions", count=_adoption_count, order=71)
    )
    extensions.search.register(
        extensions.SearchProvider(
            name="practices", title="Practices", noun="practice", search=_search, order=60
        )
    )
    extensions.importers.register(extensions.Importer(name="spid", importer=SpidImporter()))
    # After the registry's own starter data: the seeds' sources are defined there.
    extensions.init_steps.register(
        extensions.InitStep(
            name="practices-starter", run=csv_template.init_step, starter=True, order=90
        )
    )
    csv_template.register()
    extensions.profile_panels.register(
        extensions.ProfilePanel(
            name="practices",
            target="city",
            data=_city_panel,
            template="practices/jurisdiction_panel.html",
        )
    )
    for example in EXAMPLES:
        extensions.examples.register(example)
    extensions.graph_layers.register(
        extensions.GraphLayer(
            name="adoptions",
            title="Who learned a practice from whom",
            edges=_adoption_edges,
            directed=True,
        )
    )
