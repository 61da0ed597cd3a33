"""The engagement log of an office (meetings, delegations, missions, calls) and its follow-ups."""

from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "citydiplomacy.engagements"
    label = "engagements"
    verbose_name = "Engagements"

    def ready(self) -> None:
        from citydiplomacy.core import extensions
        from citydiplomacy.core.history.hooks import before_delete
        from citydiplomacy.engagements import panels
        from citydiplomacy.engagements.services import engagements_detach_from

        before_delete(engagements_detach_from)
        # The office joined to the registry: its dealings on city and country pages, its
        # partners' health on the dashboard (members only: the panels return None otherwise).
        for target, data in (
            ("city", panels.city_office_panel),
            ("country", panels.country_office_panel),
        ):
            extensions.profile_panels.register(
                extensions.ProfilePanel(
                    name=f"office-{target}",
                    target=target,
                    data=data,
                    template="engagements/_office_panel.html",
                    order=10,
                    private=True,
                )
            )
        extensions.dashboard_panels.register(
            extensions.DashboardPanel(
                name="partner_health",
                data=panels.partner_health,
                template="engagements/_partner_health.html",
                order=10,
            )
        )
