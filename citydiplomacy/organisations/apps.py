"""City networks and other bodies, and the memberships of cities in them."""

from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "citydiplomacy.organisations"
    label = "organisations"
    verbose_name = "Organisations"

    def ready(self) -> None:
        from citydiplomacy.core import extensions
        from citydiplomacy.organisations import graph

        extensions.graph_layers.register(
            extensions.GraphLayer(
                name="co-membership",
                title="Shared organisations",
                edges=graph.co_membership_edges,
                order=20,
            )
        )
        extensions.graph_layers.register(
            extensions.GraphLayer(
                name="membership",
                title="Cities and their organisations",
                edges=graph.membership_edges,
                bipartite=True,
                order=30,
            )
        )
