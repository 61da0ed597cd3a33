"""People and the offices they hold: mayors and other officials with their terms."""

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "citydiplomacy.people"
    label = "people"
    verbose_name = "People"
    layer = "public"

    def ready(self) -> None:
        from citydiplomacy.people import registrations

        registrations.register()
