"""The site: home page, search, the export engine, stats, init, serve and the record commands.

Its label stays `registry`: it holds the `registry.edit` permission (see models.py).
"""

from typing import Any

from django.apps import AppConfig


def _build_export(run: Any) -> None:
    from citydiplomacy.site.export_files import build_export

    build_export(run)


class SiteConfig(AppConfig):
    name = "citydiplomacy.site"
    label = "registry"
    verbose_name = "Site"
    layer = "site"

    def ready(self) -> None:
        from citydiplomacy.core import extensions as ext

        ext.urls.register(ext.UrlInclude("site", "citydiplomacy.site.urls", "", order=0))
        ext.run_kinds.register(
            ext.RunKind("export-build", "export", _build_export, title="Build a full export")
        )
