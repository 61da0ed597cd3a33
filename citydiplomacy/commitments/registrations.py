"""What the commitments app contributes to the platform (called from its AppConfig.ready)."""

from dataclasses import asdict
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
        "commitments_chart": asdict(series_chart(series)),  # JSON-ready for the twin
    }
    return extensions.PanelData(
        data=data, counts={"commitments": len(items)}, cited=summary["found"]
    )


def _organisation_panel(organisation: Any, request: Any) -> extensions.PanelData:
    from citydiplomacy.commitments.selectors import accountability_summary

    report = accountability_summary(organisation)
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


def _example_source(context: Any) -> list[dict[str, str]]:
    from citydiplomacy.sources.models import SourceKind
    from citydiplomacy.sources.services import source_ensure

    source = source_ensure(
        key="commitments-example", title="An example", kind=SourceKind.ENTRY, actor=context.actor
    )
    return [{"source": source.key, "locator": context.unique}]


def _example_city() -> int:
    from citydiplomacy.geo.models import City

    return int(City.objects.order_by("-population").values_list("pk", flat=True)[0])


def _commitment_payload(context: Any) -> dict[str, Any]:
    return {
        "city": _example_city(),
        "kind": "absolute-reduction",
        "baseline_year": 2010,
        "baseline_value": 1000.0,
        "target_year": 2030,
        "target_percent": 50.0,
        "made": "2015",
        "sources": _example_source(context),
    }


def _inventory_payload(context: Any) -> dict[str, Any]:
    return {
        "city": _example_city(),
        "year": 2019,
        "total": 900.0,
        "reported_in": f"example-{context.unique}",
        "sources": _example_source(context),
    }


def _progress_payload(context: Any) -> dict[str, Any]:
    from citydiplomacy.commitments.inputs import commitment_create
    from citydiplomacy.commitments.schemas import CommitmentIn

    commitment = commitment_create(CommitmentIn(**_commitment_payload(context)), context.actor)
    return {
        "commitment": commitment.pk,
        "year": 2020,
        "value": 800.0,
        "reported_in": "example",
        "sources": _example_source(context),
    }


def _rule_payload(context: Any) -> dict[str, Any]:
    from citydiplomacy.organisations.services import organisation_create
    from citydiplomacy.sources.services import citation_specs

    class _Cite:
        def __init__(self, item: dict[str, str]) -> None:
            self.source, self.locator = item["source"], item["locator"]
            self.page = self.quote = ""

    organisation = organisation_create(
        slug=f"rules-{context.unique}",
        name=f"Rules {context.unique}",
        kind="city-network",
        citations=citation_specs([_Cite(i) for i in _example_source(context)]),
        actor=context.actor,
    )
    return {
        "organisation": organisation.slug,
        "kind": "inventory",
        "description": "Members publish an inventory every 2 years.",
        "within_years": 1,
        "every_years": 2,
        "sources": _example_source(context),
    }


def _examples() -> None:
    for name, payload, patch in (
        ("commitment", _commitment_payload, {"status": "achieved"}),
        ("inventory", _inventory_payload, {"total": 850.0}),
        ("progress-report", _progress_payload, {"value": 790.0}),
        ("obligation-rule", _rule_payload, {"every_years": 3}),
    ):
        extensions.examples.register(
            extensions.EntityExample(name=name, payload=payload, patch=patch)
        )


def _office_obligations(office: Any, base_url: str) -> Any:
    from citydiplomacy.commitments.calendar import office_city_events

    return office_city_events(office, base_url)


def _options(text: str, user: Any) -> list[dict[str, Any]]:
    from citydiplomacy.commitments.selectors import commitment_options

    return commitment_options(text, user)


def register() -> None:
    from citydiplomacy.commitments.api import ENTITIES
    from citydiplomacy.commitments.importers import IMPORTERS

    for entity in ENTITIES:
        extensions.entities.register(entity)
    extensions.options.register(extensions.OptionProvider("commitment", _options))
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
    # An office's private calendar shows what its own city owes the networks it belongs to.
    extensions.calendar_sources.register(
        extensions.CalendarSource(name="obligations", events=_office_obligations, order=30)
    )
    _examples()
    for importer in IMPORTERS:
        extensions.importers.register(extensions.Importer(name=importer.kind, importer=importer))
