"""What the network app contributes to the site, declared once (called from `ready()`)."""

from citydiplomacy.core import extensions


def register() -> None:
    from citydiplomacy.network import exports, matrix_import, panels, services

    extensions.run_kinds.register(
        extensions.RunKind(
            name=services.RUN_KIND,
            category="rebuild",
            execute=services.execute,
            title="Rebuild the network figures",
        )
    )
    extensions.importers.register(
        extensions.Importer(
            name=matrix_import.KIND,
            importer=matrix_import.TaylorMatrixImporter(),
            add_arguments=matrix_import.add_arguments,
        )
    )
    exports.register_datasets()
    extensions.urls.register(
        extensions.UrlInclude(
            name="network", module="citydiplomacy.network.urls", prefix="network/"
        )
    )
    extensions.nav.register(
        extensions.NavItem(name="network", label="Network", url_name="network:home", order=60)
    )
    extensions.api_routers.register(
        extensions.ApiRouter(name="network", prefix="network", router=_router)
    )
    extensions.profile_panels.register(
        extensions.ProfilePanel(
            name="network-city",
            target="city",
            data=panels.city_panel,
            template="network/panel_city.html",
            order=70,
        )
    )
    extensions.profile_panels.register(
        extensions.ProfilePanel(
            name="network-organisation",
            target="organisation",
            data=panels.organisation_panel,
            template="network/panel_organisation.html",
            order=70,
        )
    )


def _router() -> object:
    from citydiplomacy.network.api import router

    return router
