"""The engagement log of an office (meetings, delegations, missions, calls) and its follow-ups."""

from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "citydiplomacy.engagements"
    label = "engagements"
    verbose_name = "Engagements"

    def ready(self) -> None:
        from citydiplomacy.engagements.services import engagements_detach_from
        from citydiplomacy.history.hooks import before_delete

        before_delete(engagements_detach_from)
