"""What the commitments app contributes to the platform (called from its AppConfig.ready)."""

from typing import Any

from django.urls import reverse

from citydiplomacy.core import extensions


def _city_panel(city: Any, request: Any) -> extensions.PanelData:
    from citydiplomacy.commitments.charts import series_chart
    from citydiplomacy.commitments.selectors import city_commitment_summary

    summary = city_commitment_summary(city)
    items = [
        {
            "id": item["commitment"].pk,
            "label": str(item["commitment"]),
            "url": reverse("commitments:detail", args=[item["commitment"].pk]),
            "kind": item["commitment"].kind,
            "target_year": item["commitment"].target_year,
            "status": item["progress"].status,
            "status_label": item["progress"].label,
            "percent_achieved": item["progress"].as_dict()["percent_achieved"],
        }
        for item in summary["items"]
    ]
    series = summary["series"]
    latest = series[-1] if series else None
    data = {
        "commitments_panel": {
            "items": items,
            "latest_inventory": (
                {"year": latest.year, "value": latest.value, "reported_in": latest.reported_in}
                if latest
                else None
            ),
            "emissions_series": [
                {"year": p.year, "value": p.value, "reported_in": p.reported_in} for p in series
            ],
            "obligations_url": reverse("commitments:obligations", args=[city.pk]),
        },
        "commitments_chart": series_chart(series),
    }
    return extensions.PanelData(
        data=data, counts={"commitments": len(items)}, cited=summary["found"]
    )


def _organisation_panel(organisation: Any, request: Any) -> extensions.PanelData:
    from citydiplomacy.commitments.selectors import accountability

    report = accountability(organisation)
    return extensions.PanelData(
        data={
            "accountability_panel": {
                "members": report["members"],
                "on_track": report["on_track"],
                "reporting": report["reporting"],
                "share_on_track": report["share_on_track"],
                "share_reporting": report["share_reporting"],
                "window": report["reporting_window_years"],
                "url": reverse("commitments:accountability", args=[organisation.slug]),
            }
        }
    )


def _router() -> Any:
    from citydiplomacy.commitments.api import router

    return router()


def _count(model_name: str) -> Any:
    def count() -> int:
        from citydiplomacy.commitments import models

        return int(getattr(models, model_name).objects.count())

    return count


def register() -> None:
    from citydiplomacy.commitments.api import ENTITIES
    from citydiplomacy.commitments.importers import IMPORTERS

    for entity in ENTITIES:
        extensions.entities.register(entity)
    extensions.api_routers.register(
        extensions.ApiRouter(name="commitments", prefix="commitments-views", router=_router)
    )
    extensions.urls.register(
        extensions.UrlInclude(name="commitments", module="citydiplomacy.commitments.urls")
    )
    extensions.nav.register(
        extensions.NavItem(
            name="commitments", label="Commitments", url_name="commitments:list", order=45
        )
    )
    extensions.counts.register(
        extensions.Count(name="commitments", label="commitments", count=_count("Commitment"))
    )
    extensions.counts.register(
        extensions.Count(
            name="inventories", label="emissions inventories", count=_count("EmissionsInventory")
        )
    )
    extensions.profile_panels.register(
        extensions.ProfilePanel(
            name="commitments",
            target="city",
            data=_city_panel,
            template="commitments/city_panel.html",
        )
    )
    extensions.profile_panels.register(
        extensions.ProfilePanel(
            name="accountability",
            target="organisation",
            data=_organisation_panel,
            template="commitments/organisation_panel.html",
        )
    )
    for importer in IMPORTERS:
        extensions.importers.register(extensions.Importer(name=importer.kind, importer=importer))
