"""Bringing data in: the import framework, CSV templates, the starter data and importers."""

from typing import Any

from django.apps import AppConfig


def _load_starter_data(options: dict[str, Any], actor: Any) -> list[str]:
    from citydiplomacy.imports.starter import load_starter_data

    return load_starter_data(options, actor)


def _execute_import(run: Any) -> None:
    from citydiplomacy.imports.queued import execute_import

    execute_import(run)


def _register_sources_template() -> None:
    """The sources app is below the framework's layer, so its template (the one every other
    template's rows cite) is registered here, first."""
    from citydiplomacy.imports.csv_templates import Template, register_template
    from citydiplomacy.sources import csv_template

    template = Template(csv_template.COLUMNS, csv_template.REQUIRED, csv_template.load_row)
    register_template("sources", template, order=10, importer_order=7)


class ImportsConfig(AppConfig):
    name = "citydiplomacy.imports"
    label = "imports"
    verbose_name = "Imports"
    layer = "public"

    def ready(self) -> None:
        from citydiplomacy.core import extensions as ext

        def router() -> object:
            from citydiplomacy.imports.api import router

            return router

        ext.urls.register(ext.UrlInclude("imports", "citydiplomacy.imports.urls", "imports/", 80))
        ext.nav.register(ext.NavItem("imports", "Imports", "imports:runs", order=80))
        ext.api_routers.register(ext.ApiRouter("imports", "imports", router, order=120))
        ext.init_steps.register(
            ext.InitStep("starter-data", _load_starter_data, starter=True, order=50)
        )
        ext.run_kinds.register(
            ext.RunKind("import", "import", _execute_import, title="Import a file")
        )
        from citydiplomacy.imports.importers.registry import register

        register()
        _register_sources_template()
