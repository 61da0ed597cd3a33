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

        extensions.urls.register(
            extensions.UrlInclude("offices", "citydiplomacy.offices.urls", order=100)
        )
        extensions.nav.register(
            extensions.NavItem(
                "offices", "My offices", "offices:list", 10, section="user", testid="nav-offices"
            )
        )
        extensions.write_policies.register(
            extensions.WritePolicy("offices", visibility.governs, visibility.write_refusal)
        )
        # Offices are the scopes of private records: the history and every private read ask
        # through core.privacy, which asks this registration.
        extensions.privacy.register(
            extensions.PrivacyScope(
                name="offices",
                member_scopes=visibility.member_office_ids,
                private_models=visibility.private_models,
                scope_id=visibility.office_id_for_slug,
                is_member=visibility.can_read,
            )
        )
