"""Example payloads of the practices' API entities (docs and generated tests)."""

from typing import Any

from citydiplomacy.core.extensions import EntityExample


def _practice(ctx: Any) -> dict[str, Any]:
    from citydiplomacy.sources.examples import example_citations

    return {
        "slug": f"example-practice-{ctx.unique}",
        "title": "Example practice",
        "problem": "An example problem",
        "topics": ["governance"],
        "evidence_grade": 2,
        "evidence_reason": "Before-and-after figures",
        "sources": example_citations(ctx),
    }


def _adoption(ctx: Any) -> dict[str, Any]:
    from citydiplomacy.practices.services import practice_create
    from citydiplomacy.sources.examples import example_specs

    practice = practice_create(
        slug=f"example-adopted-{ctx.unique}",
        title="Example adopted practice",
        citations=example_specs(ctx),
        actor=ctx.actor,
    )
    return {
        "practice": practice.slug,
        "adopter": "division:US-CA",
        "adopted_on": "2001",
        "sources": example_citations_for(ctx),
    }


def example_citations_for(ctx: Any) -> list[dict[str, str]]:
    from citydiplomacy.sources.examples import example_citations

    return example_citations(ctx)


EXAMPLES = [
    EntityExample("practice", _practice, {"summary": "Changed by the example patch"}),
    EntityExample("adoption", _adoption, {"status": "scaled"}),
]
