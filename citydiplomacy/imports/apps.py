"""Bringing data in: CSV templates, the starter data, and (later) importers of public datasets."""

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "citydiplomacy.imports"
    label = "imports"
    verbose_name = "Imports"

    def ready(self) -> None:
        from citydiplomacy.imports.importers.registry import register

        register()
