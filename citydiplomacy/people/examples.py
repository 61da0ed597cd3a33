"""Example payloads of the people's API entities (docs and generated tests)."""

from typing import Any

from citydiplomacy.core.extensions import EntityExample


def _person(ctx: Any) -> dict[str, Any]:
    from citydiplomacy.sources.examples import example_citations

    return {
        "name": f"Example Person {ctx.unique}",
        "born": "1960",
        "sources": example_citations(ctx),
    }


def _office(ctx: Any) -> dict[str, Any]:
    from citydiplomacy.geo.models import City
    from citydiplomacy.people.services import person_create
    from citydiplomacy.sources.examples import example_citations, example_specs

    person = person_create(
        name=f"Example Mayor {ctx.unique}", citations=example_specs(ctx), actor=ctx.actor
    )
    city = City.objects.order_by("-population").first()
    assert city is not None
    return {
        "person": person.slug,
        "role": "mayor",
        "city": city.pk,
        "start": "2020",
        "sources": example_citations(ctx),
    }


EXAMPLES = [
    EntityExample("person", _person, {"born": "1961"}),
    EntityExample("term", _office, {"party": "Example party"}),
]
