"""Agreements between two cities: twinning, friendship, memoranda, cooperation."""

from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "citydiplomacy.agreements"
    label = "agreements"
    verbose_name = "Agreements"
    layer = "public"

    def ready(self) -> None:
        from citydiplomacy.agreements import registrations

        registrations.register()
