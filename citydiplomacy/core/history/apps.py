"""Change history: who changed what, when, with the values before and after."""

from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "citydiplomacy.core.history"
    label = "history"
    verbose_name = "History"
    layer = "core"

    def ready(self) -> None:
        from citydiplomacy.core import extensions as ext

        def router() -> object:
            from citydiplomacy.core.history.api import router

            return router

        ext.urls.register(ext.UrlInclude("history", "citydiplomacy.core.history.urls", "history/"))
        ext.nav.register(ext.NavItem("history", "Changes", "history:list", order=70))
        ext.api_routers.register(ext.ApiRouter("history", "history", router, order=110))
