"""What the engagement log contributes (private to an office): pages, API entities, search
and engagement options, the engagement and follow-up exports (and the calendar file), the
"My follow-ups" link, the office dashboard's panel, the personal-data handler of engagements
and follow-ups and the follow-ups' due dates in the office's calendar feed."""

from typing import Any

from citydiplomacy.core import extensions as ext
from citydiplomacy.core.schemas import dump


def _search(text: str, limit: int, user: Any) -> list[dict[str, Any]]:
    from citydiplomacy.engagements.schemas import EngagementRef
    from citydiplomacy.engagements.selectors import member_engagements

    found = member_engagements(user).filter(title__icontains=text)
    return [
        {**dump(EngagementRef, e), "label": e.title, "detail": e.starts_on.isoformat()}
        for e in found.order_by("-starts_on", "-id")[:limit]
    ]


def _options(text: str, user: Any) -> list[dict[str, Any]]:
    from citydiplomacy.engagements.selectors import engagement_options

    return engagement_options(text, user)


def _dashboard(office: Any, request: Any) -> ext.PanelData:
    from citydiplomacy.engagements.selectors import dashboard

    data = dashboard(office, request.user)
    return ext.PanelData(
        data={k: v for k, v in data.items() if k != "counts"}, counts=data["counts"]
    )


def _datasets() -> list[ext.ExportDataset]:
    from citydiplomacy.engagements import exports
    from citydiplomacy.engagements.filtersets import EngagementFilterSet, FollowUpFilterSet
    from citydiplomacy.engagements.selectors import (
        member_engagements,
        visible_follow_ups,
        with_details,
    )

    return [
        ext.ExportDataset(
            name="engagements",
            filterset=EngagementFilterSet,
            records=lambda user: with_details(member_engagements(user)),
            row=exports.engagement_row,
            columns=tuple(exports.ENGAGEMENT_COLUMNS),
            formats=("csv", "json", "ics"),
            private=True,
            order=30,
        ),
        ext.ExportDataset(
            name="follow-ups",
            filterset=FollowUpFilterSet,
            records=visible_follow_ups,
            row=exports.follow_up_row,
            columns=tuple(exports.FOLLOW_UP_COLUMNS),
            private=True,
            order=40,
        ),
    ]


def _follow_up_dues(office: Any, base_url: str) -> Any:
    from citydiplomacy.engagements.calendar import follow_up_events

    return follow_up_events(office, base_url)


def register() -> None:
    from citydiplomacy.engagements.graph import engagement_edges

    # Private: only the viewer's offices' engagements; never in a public figure or export.
    ext.graph_layers.register(
        ext.GraphLayer(
            "engagements", "My offices' engagements", engagement_edges, private=True, order=40
        )
    )
    from citydiplomacy.engagements import api, personal_data, privacy

    ext.urls.register(ext.UrlInclude("engagements", "citydiplomacy.engagements.urls", order=120))
    ext.nav.register(
        ext.NavItem(
            "follow-ups",
            "My follow-ups",
            "engagements:my_follow_ups",
            order=20,
            section="user",
            testid="nav-follow-ups",
        )
    )
    ext.entities.register(api.ENGAGEMENT)
    ext.entities.register(api.FOLLOW_UP)
    ext.search.register(
        ext.SearchProvider(
            "engagements", "Your offices' engagements", "engagement", _search, 60, private=True
        )
    )
    ext.options.register(ext.OptionProvider("engagement", _options, private=True))
    for dataset in _datasets():
        ext.exports.register(dataset)
    ext.profile_panels.register(
        ext.ProfilePanel(
            "engagements",
            "office",
            _dashboard,
            "engagements/_dashboard_panel.html",
            order=10,
            private=True,
        )
    )
    # The office joined to the registry: its dealings on city and country pages, its
    # partners' health on the dashboard (members only: the panels return None otherwise).
    from citydiplomacy.engagements import panels

    for target, data in (
        ("city", panels.city_office_panel),
        ("country", panels.country_office_panel),
    ):
        ext.profile_panels.register(
            ext.ProfilePanel(
                f"office-{target}",
                target,
                data,
                "engagements/_office_panel.html",
                order=5,
                private=True,
            )
        )
    ext.profile_panels.register(
        ext.ProfilePanel(
            "partner-health",
            "office",
            panels.partner_health_panel,
            "engagements/_partner_health.html",
            order=5,
            private=True,
        )
    )
    ext.personal_data.register(personal_data.HANDLER)
    ext.calendar_sources.register(ext.CalendarSource("follow-ups", _follow_up_dues, order=20))
    for kind in privacy.KINDS:
        ext.private_kinds.register(kind)
    from citydiplomacy.engagements import examples

    for example in examples.EXAMPLES:
        ext.examples.register(example)
