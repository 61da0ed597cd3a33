"""Network intelligence: the graph of cities, its metrics, connectivity and suggestions."""

from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "citydiplomacy.network"
    label = "network"
    verbose_name = "Network"
    layer = "public"

    def ready(self) -> None:
        from citydiplomacy.network import registrations

        registrations.register()
