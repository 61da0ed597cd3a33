"""The engagement log of an office (meetings, delegations, missions, calls) and its follow-ups."""

from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "citydiplomacy.engagements"
    label = "engagements"
    verbose_name = "Engagements"
    layer = "office"

    def ready(self) -> None:
        from citydiplomacy.core.history.hooks import before_delete
        from citydiplomacy.engagements import registrations
        from citydiplomacy.engagements.services import engagements_detach_from

        before_delete(engagements_detach_from)
        registrations.register()
