"""Example payloads of the organisations' API entities (docs and generated tests)."""

from typing import Any

from citydiplomacy.core.extensions import EntityExample


def _organisation(ctx: Any) -> dict[str, Any]:
    from citydiplomacy.sources.examples import example_citations

    return {
        "name": f"Example network {ctx.unique}",
        "kind": "city-network",
        "founded": "1990",
        "sources": example_citations(ctx),
    }


def _membership(ctx: Any) -> dict[str, Any]:
    from citydiplomacy.geo.models import City
    from citydiplomacy.organisations.services import organisation_create
    from citydiplomacy.sources.examples import example_citations, example_specs

    org = organisation_create(
        name=f"Members {ctx.unique}",
        kind="city-network",
        citations=example_specs(ctx),
        actor=ctx.actor,
    )
    city = City.objects.order_by("-population").first()
    assert city is not None
    return {
        "city": city.pk,
        "organisation": org.slug,
        "joined": "2001",
        "sources": example_citations(ctx),
    }


EXAMPLES = [
    EntityExample("organisation", _organisation, {"acronym": "EXN"}),
    EntityExample("membership", _membership, {"joined": "2002"}),
]
