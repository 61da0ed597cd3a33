"""The engagement log of an office (meetings, delegations, missions, calls) and its follow-ups."""

from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "citydiplomacy.engagements"
    label = "engagements"
    verbose_name = "Engagements"

    def ready(self) -> None:
        from citydiplomacy.core.history.hooks import before_delete
        from citydiplomacy.engagements.services import engagements_detach_from

        before_delete(engagements_detach_from)

        from citydiplomacy.core import extensions
        from citydiplomacy.engagements.graph import engagement_edges

        extensions.graph_layers.register(
            extensions.GraphLayer(
                name="engagements",
                title="My offices' engagements",
                edges=engagement_edges,
                private=True,
                order=40,
            )
        )
