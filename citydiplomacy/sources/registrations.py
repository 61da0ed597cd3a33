"""What the sources app contributes: pages, the API entity, the count and source options."""

from typing import Any

from citydiplomacy.core import extensions as ext


def _options(text: str, user: Any) -> list[dict[str, Any]]:
    from citydiplomacy.sources.models import Source

    sources = Source.objects.filter(title__icontains=text).order_by("title")[:20]
    return [{"value": s.key, "label": f"{s.title} [{s.key}]"} for s in sources]


def register() -> None:
    from citydiplomacy.sources import api
    from citydiplomacy.sources.models import Source

    ext.urls.register(ext.UrlInclude("sources", "citydiplomacy.sources.urls", "sources/", 60))
    ext.nav.register(ext.NavItem("sources", "Sources", "sources:list", order=60))
    ext.entities.register(api.SOURCE)
    ext.counts.register(ext.Count("sources", "sources", Source.objects.count, "sources:list", 70))
    ext.options.register(ext.OptionProvider("source", _options))
    from citydiplomacy.sources import examples

    for example in examples.EXAMPLES:
        ext.examples.register(example)
