"""The practice exchange: policy innovations, their adoptions and lineage, diffusion."""

from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "citydiplomacy.practices"
    label = "practices"
    verbose_name = "Practices"
    layer = "public"

    def ready(self) -> None:
        from citydiplomacy.practices import registrations

        registrations.register()
