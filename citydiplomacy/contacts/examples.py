"""Example payloads of the contacts' API entities (docs and generated tests)."""

from typing import Any

from citydiplomacy.core.extensions import EntityExample


def _contact(ctx: Any) -> dict[str, Any]:
    return {"office": ctx.office.slug, "name": f"Example Contact {ctx.unique}", "kind": "other"}


def _post(ctx: Any) -> dict[str, Any]:
    return {"office": ctx.office.slug, "country": "JP", "holder_title": f"Consul {ctx.unique}"}


EXAMPLES = [
    EntityExample("contact", _contact, {"title": "Deputy director"}),
    EntityExample("consular-post", _post, {"note": "Changed"}),
]
