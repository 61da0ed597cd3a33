"""International offices: a city's office of international affairs, its members and roles."""

from django.apps import AppConfig


class OfficesConfig(AppConfig):
    name = "citydiplomacy.offices"
    label = "offices"
    verbose_name = "Offices"
    layer = "office"

    def ready(self) -> None:
        from citydiplomacy.core import extensions
        from citydiplomacy.offices import visibility

        # Offices are the scopes of private records: the history and every private read ask
        # through core.privacy, which asks this registration.
        extensions.privacy.register(
            extensions.PrivacyScope(
                name="offices",
                member_scopes=visibility.member_office_ids,
                private_models=visibility.private_models,
                scope_id=visibility.office_id_for_slug,
            )
        )
