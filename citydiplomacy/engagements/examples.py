"""Example payloads of the engagement log's API entities (docs and generated tests)."""

from typing import Any

from citydiplomacy.core.extensions import EntityExample


def _engagement(ctx: Any) -> dict[str, Any]:
    return {
        "office": ctx.office.slug,
        "kind": "bilateral-meeting",
        "title": f"Example meeting {ctx.unique}",
        "starts_on": "2026-03-02",
    }


def _follow_up(ctx: Any) -> dict[str, Any]:
    import datetime as dt

    from citydiplomacy.engagements.services import engagement_create

    engagement = engagement_create(
        office=ctx.office,
        kind="bilateral-meeting",
        title=f"Meeting {ctx.unique}",
        starts_on=dt.date(2026, 3, 2),
        actor=ctx.actor,
    )
    return {
        "engagement": engagement.pk,
        "what": f"Send the notes {ctx.unique}",
        "owner": ctx.user.username,
    }


EXAMPLES = [
    EntityExample("engagement", _engagement, {"summary": "Changed"}),
    EntityExample("follow-up", _follow_up, {"what": "Send the revised notes"}),
]
