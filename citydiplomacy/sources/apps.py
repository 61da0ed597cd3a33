"""Provenance: the documents and datasets facts come from, and citations of them."""

from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "citydiplomacy.sources"
    label = "sources"
    verbose_name = "Sources"
    layer = "base"

    def ready(self) -> None:
        from citydiplomacy.sources import registrations

        registrations.register()
