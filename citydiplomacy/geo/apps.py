"""The gazetteer: countries with their UN M49 regions, and GeoNames cities."""

from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "citydiplomacy.geo"
    label = "geo"
    verbose_name = "Geo"
    layer = "base"

    def ready(self) -> None:
        from citydiplomacy.geo import registrations

        registrations.register()
