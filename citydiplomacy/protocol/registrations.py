"""What the protocol app contributes (private to an office): pages, API entities and their
examples, the workflow router, navigation, the dashboard panel, the private search of visits,
the gifts export, the personal-data handler, the visits and programmes of the office's
calendar feed and the private kinds of the privacy matrix."""

import datetime as dt
from typing import Any

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from citydiplomacy.core import extensions as ext
from citydiplomacy.core.extensions import PrivatePath


def _first_day() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=60)


def _example_visit(office: Any, actor: Any, marker: str) -> Any:
    from citydiplomacy.protocol.services import visit_request

    return visit_request(
        office=office,
        kind="dignitary-visit",
        title=f"{marker} harbour visit",
        starts_on=_first_day(),
        requester_kind="embassy",
        requester_name=f"Embassy of {marker}",
        principal=f"Minister {marker}",
        actor=actor,
    )


def _example_item(office: Any, actor: Any, marker: str) -> Any:
    from citydiplomacy.protocol.services import programme_item_create

    visit = _example_visit(office, actor, f"{marker}-visit")
    start = dt.datetime.combine(
        visit.starts_on, dt.time(10), tzinfo=timezone.get_current_timezone()
    )
    return programme_item_create(
        visit=visit,
        title=f"{marker} harbour tour",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        actor=actor,
    )


def _example_gift(office: Any, actor: Any, marker: str) -> Any:
    from citydiplomacy.protocol.services import gift_create

    return gift_create(
        office=office,
        given_on=timezone.localdate(),
        direction="received",
        giver=f"{marker} delegation",
        recipient="Mayor",
        description=f"{marker} lacquer box",
        value=250,
        currency="EUR",
        actor=actor,
    )


def _visit_paths(visit: Any) -> list[PrivatePath]:
    page = f"/visits/{visit.pk}/"
    return [
        PrivatePath(page),
        PrivatePath(f"{page}?format=json"),
        PrivatePath(f"{page}edit/", member_sees=False),
        PrivatePath(f"{page}briefing/"),
        PrivatePath(f"{page}briefing/?format=json"),
        PrivatePath(f"{page}briefing/briefing.pdf", member_sees=False),  # compressed text
        PrivatePath(f"{page}programme.ics", member_sees=False),
        PrivatePath(f"/offices/{visit.office.slug}/?format=json"),
    ]


def _item_paths(item: Any) -> list[PrivatePath]:
    return [
        PrivatePath(f"/visits/{item.visit_id}/?format=json"),
        PrivatePath(f"/visits/{item.visit_id}/programme.ics"),
        PrivatePath(f"/programme/{item.pk}/edit/", member_sees=False),
        PrivatePath(f"/visits/{item.visit_id}/briefing/?format=json"),
    ]


def _gift_paths(gift: Any) -> list[PrivatePath]:
    return [
        PrivatePath(f"/gifts/{gift.pk}/"),
        PrivatePath(f"/gifts/{gift.pk}/?format=json"),
        PrivatePath(f"/gifts/{gift.pk}/edit/", member_sees=False),
    ]


def _search_visits(text: str, limit: int, user: Any) -> list[dict[str, Any]]:
    from citydiplomacy.core.schemas import dump
    from citydiplomacy.protocol.schemas import VisitRef
    from citydiplomacy.protocol.selectors import visible_visits

    found = visible_visits(user).filter(engagement__title__icontains=text.strip())
    return [
        {**dump(VisitRef, v), "label": v.engagement.title, "detail": v.get_status_display()}
        for v in found.order_by("-received_on", "-id")[:limit]
    ]


def _dashboard(office: Any, request: Any) -> ext.PanelData:
    from citydiplomacy.protocol.models import INACTIVE, Visit, VisitStatus

    visits = Visit.objects.filter(office=office).select_related("engagement")
    pending = visits.filter(status__in=(VisitStatus.REQUESTED, VisitStatus.UNDER_REVIEW))
    upcoming = (
        visits.exclude(status__in=INACTIVE)
        .filter(engagement__starts_on__gte=timezone.localdate())
        .order_by("engagement__starts_on")
    )

    def row(visit: Any) -> dict[str, Any]:
        return {
            "title": visit.engagement.title,
            "starts_on": visit.starts_on.isoformat(),
            "status": visit.get_status_display(),
            "url": reverse("protocol:visit", args=[visit.pk]),
        }

    awaiting = [row(v) for v in pending[:10]]
    return ext.PanelData(
        data={
            "visits_awaiting_decision": awaiting,
            "visits_upcoming": [row(v) for v in upcoming[:10]],
        },
        # Fewer rows than the panel shows are all of them: no count query needed.
        counts={
            "visits_awaiting_decision": len(awaiting) if len(awaiting) < 10 else pending.count()
        },
    )


def _gift_records(user: Any) -> Any:
    from citydiplomacy.protocol.models import ProtocolRules
    from citydiplomacy.protocol.selectors import visible_gifts

    rules = ProtocolRules.objects.filter(office_id=OuterRef("office_id"))
    return visible_gifts(user).annotate(
        rule_threshold=Subquery(rules.values("gift_threshold")[:1]),
        rule_currency=Subquery(rules.values("gift_currency")[:1]),
    )


def _gift_export_row(gift: Any) -> dict[str, Any]:
    from citydiplomacy.protocol.exports import gift_csv_row
    from citydiplomacy.protocol.models import ProtocolRules

    rules = None
    if getattr(gift, "rule_threshold", None) is not None:
        rules = ProtocolRules(gift_threshold=gift.rule_threshold, gift_currency=gift.rule_currency)
    return gift_csv_row(gift, gift.must_declare(rules))


def _personal_data_example(contact: Any, actor: Any) -> Any:
    from citydiplomacy.protocol.services import (
        delegation_member_create,
        gift_create,
        visit_request,
    )

    visit = visit_request(
        office=contact.office,
        kind="inbound-delegation",
        title="Delegation on port cooperation",
        starts_on=_first_day(),
        requester_kind="other",
        requester_contact=contact,
        actor=actor,
    )
    delegation_member_create(
        visit=visit, contact=contact, bio=f"{contact.name} leads.", actor=actor
    )
    gift_create(
        office=contact.office,
        given_on=timezone.localdate(),
        direction="given",
        giver="Mayor",
        recipient=contact.name,
        recipient_contact=contact,
        description=f"Book of the city for {contact.name}",
        actor=actor,
    )
    return visit


def _visit_events(office: Any, base_url: str) -> Any:
    from citydiplomacy.protocol.calendar import visit_events

    return visit_events(office, base_url)


def register() -> None:
    from citydiplomacy.protocol import api, examples, exports, personal_data
    from citydiplomacy.protocol.filtersets import GiftFilterSet
    from citydiplomacy.protocol.models import Gift, ProgrammeItem, Visit

    ext.urls.register(ext.UrlInclude("protocol", "citydiplomacy.protocol.urls", order=130))
    for entity in api.ENTITIES:
        ext.entities.register(entity)
    for entity_example in examples.EXAMPLES:
        ext.examples.register(entity_example)
    ext.api_routers.register(ext.ApiRouter("visit-workflow", "visit-workflow", api.workflow_router))
    ext.nav.register(
        ext.NavItem("visits", "Visits", "protocol:visits", 30, "user", testid="nav-visits")
    )
    ext.nav.register(
        ext.NavItem("gifts", "Gifts", "protocol:gifts", 31, "user", testid="nav-gifts")
    )
    ext.profile_panels.register(
        ext.ProfilePanel(
            "visits", "office", _dashboard, "protocol/_dashboard_panel.html", 20, private=True
        )
    )
    ext.search.register(
        ext.SearchProvider("visits", "Your offices' visits", "visit", _search_visits, 65, True)
    )
    ext.exports.register(
        ext.ExportDataset(
            name="gifts",
            filterset=GiftFilterSet,
            records=_gift_records,
            row=_gift_export_row,
            columns=exports.GIFT_COLUMNS,
            private=True,
            order=60,
        )
    )
    ext.personal_data.register(
        ext.PersonalDataHandler(
            "protocol", personal_data.export, personal_data.erase, _personal_data_example, 60
        )
    )
    ext.calendar_sources.register(ext.CalendarSource("visits", _visit_events, order=10))
    for kind in (
        ext.PrivateKind("visit", Visit, _example_visit, _visit_paths, True, 60),
        ext.PrivateKind("programme-item", ProgrammeItem, _example_item, _item_paths, False, 61),
        ext.PrivateKind("gift", Gift, _example_gift, _gift_paths, False, 62),
    ):
        ext.private_kinds.register(kind)
