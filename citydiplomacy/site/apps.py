"""The site: home page, search, the export engine, stats, init, serve and the record commands.

Its label stays `registry`: it holds the `registry.edit` permission (see models.py).
"""

from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "citydiplomacy.site"
    label = "registry"
    verbose_name = "Site"
    layer = "site"

    def ready(self) -> None:
        from citydiplomacy.core import extensions as ext

        ext.urls.register(ext.UrlInclude("site", "citydiplomacy.site.urls", "", order=0))
