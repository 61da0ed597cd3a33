"""City networks and other bodies, and the memberships of cities in them."""

from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "citydiplomacy.organisations"
    label = "organisations"
    verbose_name = "Organisations"
    layer = "public"

    def ready(self) -> None:
        from citydiplomacy.organisations import registrations

        registrations.register()
