"""Example payloads of the protocol entities (API docs and the generated API tests)."""

import datetime as dt
from typing import Any

from django.utils import timezone

from citydiplomacy.core.extensions import EntityExample


def _first_day() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=60)


def _visit(ctx: Any) -> Any:
    from citydiplomacy.protocol.services import visit_request

    return visit_request(
        office=ctx.office,
        kind="dignitary-visit",
        title=f"Visit {ctx.unique}",
        starts_on=_first_day(),
        requester_kind="embassy",
        requester_name="Embassy of Example",
        actor=ctx.actor,
    )


def _visit_payload(ctx: Any) -> dict[str, Any]:
    return {
        "office": ctx.office.slug,
        "kind": "dignitary-visit",
        "title": f"Example visit {ctx.unique}",
        "starts_on": _first_day().isoformat(),
        "requester_kind": "embassy",
        "requester_name": "Embassy of Example",
    }


def _delegation_member(ctx: Any) -> dict[str, Any]:
    return {"visit": _visit(ctx).pk, "name": f"Delegate {ctx.unique}", "title": "Minister"}


def _programme_item(ctx: Any) -> dict[str, Any]:
    day = _first_day().isoformat()
    return {
        "visit": _visit(ctx).pk,
        "title": f"Harbour tour {ctx.unique}",
        "starts_at": f"{day}T10:00:00Z",
        "ends_at": f"{day}T11:00:00Z",
    }


def _participant(ctx: Any) -> dict[str, Any]:
    from citydiplomacy.protocol.services import programme_item_create

    visit = _visit(ctx)
    start = dt.datetime.combine(visit.starts_on, dt.time(10), tzinfo=dt.UTC)
    item = programme_item_create(
        visit=visit,
        title="Lunch",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        actor=ctx.actor,
    )
    return {"item": item.pk, "name": f"Guest {ctx.unique}", "rank": "Minister"}


def _gift(ctx: Any) -> dict[str, Any]:
    return {
        "office": ctx.office.slug,
        "given_on": "2026-03-02",
        "direction": "received",
        "giver": "Visiting delegation",
        "recipient": "Mayor",
        "description": f"Lacquer box {ctx.unique}",
        "value": "80.00",
        "currency": "EUR",
    }


EXAMPLES = [
    EntityExample("visit", _visit_payload, {"purpose": "Changed"}),
    EntityExample("delegation-member", _delegation_member, {"bio": "Changed"}),
    EntityExample("programme-item", _programme_item, {"place": "City Hall"}),
    EntityExample("participant", _participant, {"title": "Changed"}),
    EntityExample("gift", _gift, {"disposition": "displayed"}),
]
