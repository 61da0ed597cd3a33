"""Agreements between two cities: twinning, friendship, memoranda, cooperation."""

from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "citydiplomacy.agreements"
    label = "agreements"
    verbose_name = "Agreements"

    def ready(self) -> None:
        from citydiplomacy.agreements.graph import twinning_edges
        from citydiplomacy.core import extensions

        extensions.graph_layers.register(
            extensions.GraphLayer(
                name="twinning", title="Twinning and agreements", edges=twinning_edges, order=10
            )
        )
