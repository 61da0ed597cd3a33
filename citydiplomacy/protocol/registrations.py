"""What the protocol app contributes to the platform (called from `ProtocolConfig.ready`)."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from citydiplomacy.core import extensions
from citydiplomacy.core.history.services import Actor


def _example_visit(office: Any, actor: Actor) -> Any:
    from citydiplomacy.protocol.services import visit_request

    return visit_request(
        office=office,
        kind="dignitary-visit",
        title="Quixotic harbour visit",
        starts_on=timezone.localdate() + dt.timedelta(days=60),
        requester_kind="embassy",
        requester_name="Embassy of Quixotia",
        principal="Minister Quaxworth",
        actor=actor,
    )


def _example_item(office: Any, actor: Actor) -> Any:
    from citydiplomacy.protocol.services import programme_item_create

    visit = _example_visit(office, actor)
    day = dt.datetime.combine(visit.starts_on, dt.time(10), tzinfo=timezone.get_current_timezone())
    return programme_item_create(
        visit=visit,
        title="Quixotic harbour tour",
        starts_at=day,
        ends_at=day + dt.timedelta(hours=1),
        actor=actor,
    )


def _example_gift(office: Any, actor: Actor) -> Any:
    from citydiplomacy.protocol.services import gift_create

    return gift_create(
        office=office,
        given_on=timezone.localdate(),
        direction="received",
        giver="Quixotic delegation",
        recipient="Mayor",
        description="Quixotic lacquer box",
        value=250,
        currency="EUR",
        actor=actor,
    )


def _visit_paths(visit: Any) -> list[str]:
    return [
        f"/visits/{visit.pk}/",
        f"/visits/{visit.pk}/?format=json",
        "/visits/?format=json",
        f"/api/visits/{visit.pk}",
        "/api/visits/",
        f"/visits/{visit.pk}/briefing/",
        f"/visits/{visit.pk}/briefing/?format=json",
        f"/visits/{visit.pk}/briefing/briefing.pdf",
        f"/visits/{visit.pk}/programme.ics",
    ]


def _item_paths(item: Any) -> list[str]:
    return [
        f"/visits/{item.visit_id}/?format=json",
        f"/visits/{item.visit_id}/programme.ics",
        f"/api/programme-items/{item.pk}",
        "/api/programme-items/",
    ]


def _gift_paths(gift: Any) -> list[str]:
    return [
        f"/gifts/{gift.pk}/",
        f"/gifts/{gift.pk}/?format=json",
        "/gifts/",
        "/gifts/?format=json",
        "/gifts/export.csv",
        f"/api/gifts/{gift.pk}",
        "/api/gifts/",
    ]


def _search_visits(text: str, limit: int, user: Any) -> list[dict[str, Any]]:
    from citydiplomacy.protocol.selectors import visible_visits

    rows = visible_visits(user).filter(engagement__title__icontains=text.strip())[:limit]
    return [
        {
            "label": visit.engagement.title,
            "detail": visit.get_status_display(),
            "url": reverse("protocol:visit", args=[visit.pk]),
        }
        for visit in rows
    ]


def _dashboard(office: Any, user: Any) -> dict[str, Any]:
    from citydiplomacy.protocol.models import INACTIVE, Visit, VisitStatus

    visits = Visit.objects.filter(office=office).select_related("engagement")
    today = timezone.localdate()
    return {
        "awaiting_decision": [
            {"title": v.engagement.title, "url": reverse("protocol:visit", args=[v.pk])}
            for v in visits.filter(status__in=(VisitStatus.REQUESTED, VisitStatus.UNDER_REVIEW))[
                :10
            ]
        ],
        "upcoming": [
            {
                "title": v.engagement.title,
                "starts_on": v.starts_on.isoformat(),
                "status": v.get_status_display(),
                "url": reverse("protocol:visit", args=[v.pk]),
            }
            for v in visits.exclude(status__in=INACTIVE)
            .filter(engagement__starts_on__gte=today)
            .order_by("engagement__starts_on")[:10]
        ],
    }


def register() -> None:
    from citydiplomacy.protocol import personal_data
    from citydiplomacy.protocol.api import ENTITIES, workflow_router
    from citydiplomacy.protocol.models import Gift, ProgrammeItem, Visit

    extensions.urls.register(extensions.UrlInclude("protocol", "citydiplomacy.protocol.urls"))
    for entity in ENTITIES:
        extensions.entities.register(entity)
    extensions.api_routers.register(
        extensions.ApiRouter("visit-workflow", "visit-workflow", workflow_router)
    )
    extensions.nav.register(
        extensions.NavItem(
            "visits", "Visits", "protocol:visits", order=60, section="user", signed_in_only=True
        )
    )
    extensions.nav.register(
        extensions.NavItem(
            "gifts", "Gifts", "protocol:gifts", order=61, section="user", signed_in_only=True
        )
    )
    extensions.dashboard_panels.register(
        extensions.DashboardPanel("visits", _dashboard, "protocol/_dashboard_panel.html", order=40)
    )
    extensions.search.register(
        extensions.SearchProvider("visits", "Visits", _search_visits, order=60, private=True)
    )
    extensions.personal_data.register(
        extensions.PersonalDataHandler("protocol", personal_data.export, personal_data.erase)
    )
    for name, model, example, paths in (
        ("visit", Visit, _example_visit, _visit_paths),
        ("programme-item", ProgrammeItem, _example_item, _item_paths),
        ("gift", Gift, _example_gift, _gift_paths),
    ):
        extensions.private_kinds.register(extensions.PrivateKind(name, model, example, paths))
