"""Commitments held to account: pledges, emissions inventories, progress, obligations of
networks and the weight of coalitions."""

from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "citydiplomacy.commitments"
    label = "commitments"
    verbose_name = "Commitments"
    layer = "public"

    def ready(self) -> None:
        from citydiplomacy.commitments.registrations import register

        register()
