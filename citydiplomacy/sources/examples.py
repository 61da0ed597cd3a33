"""Example payload of the sources' API entity, and the citation every cited example gives
(docs and generated tests)."""

from typing import Any

from citydiplomacy.core.extensions import EntityExample

EXAMPLE_SOURCE = "example-source"


def example_source(ctx: Any) -> Any:
    """The source the examples of cited records cite (made once)."""
    from citydiplomacy.sources.models import SourceKind
    from citydiplomacy.sources.services import source_ensure

    return source_ensure(
        key=EXAMPLE_SOURCE, title="Example source", kind=SourceKind.DOCUMENT, actor=ctx.actor
    )


def example_citations(ctx: Any) -> list[dict[str, str]]:
    """The `sources` of a cited record's API payload."""
    example_source(ctx)
    return [{"source": EXAMPLE_SOURCE, "locator": f"example {ctx.unique}"}]


def example_specs(ctx: Any) -> list[Any]:
    """The `citations` of a cited record's service call."""
    from citydiplomacy.sources.services import CitationSpec

    return [CitationSpec(example_source(ctx), locator=f"example {ctx.unique}")]


def _source(ctx: Any) -> dict[str, Any]:
    title = f"Example report {ctx.unique}"
    return {"key": f"example-{ctx.unique}", "title": title, "kind": "document"}


EXAMPLES = [EntityExample("source", _source, {"author": "Example author"})]
