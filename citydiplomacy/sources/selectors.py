"""Reading citations together with their sources, and gathering a page's sources."""

from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet

from citydiplomacy.sources.models import Citation, Source

# Prefetched citations land in a plain list: Django would otherwise build a filtered
# queryset per record (about 0.1 ms each, a tenth of a 300-agreement profile).
PREFETCHED_CITATIONS = "prefetched_citations"


def with_sources() -> "Prefetch[str, QuerySet[Citation], str]":
    """Prefetch a cited model's citations and their sources in one query (read them with
    `citations_of`)."""
    return Prefetch(
        "citations",
        queryset=Citation.objects.select_related("source"),
        to_attr=PREFETCHED_CITATIONS,
    )


def citations_of(record: Any) -> list[Citation]:
    """A record's citations with their sources: the list `with_sources()` prefetched, or
    one query when it was not prefetched."""
    prefetched: list[Citation] | None = getattr(record, PREFETCHED_CITATIONS, None)
    if prefetched is not None:
        return prefetched
    return list(record.citations.select_related("source"))


def sources_of(records: Iterable[Any], *extra: Source) -> list[Source]:
    """The distinct sources cited by already-prefetched records, plus `extra`, by title."""
    found: dict[int, Source] = {s.pk: s for s in extra}
    for record in records:
        for citation in citations_of(record):
            found.setdefault(citation.source_id, citation.source)
    return sorted(found.values(), key=lambda s: s.title.lower())


def source_keys(record: Any) -> str:
    """The keys of the sources a record cites, for an export cell (citations prefetched)."""
    return ";".join(sorted({c.source.key for c in citations_of(record)}))


CITATION_COLUMNS = ("sources", "source_locators", "source_quotes", "as_written")


def with_citation_columns(
    records: QuerySet[Any], rows: Iterator[dict[str, Any]]
) -> Iterator[dict[str, Any]]:
    """`rows` (dicts with an `id`, in ascending id order, from `records`) with the columns
    of their citations: source keys, "key: page, locator", the words each source used and
    the names as the sources wrote them.

    The citations come from one streamed query ordered like the rows, merged as both go:
    two queries for any number of rows, and never all of them in memory.
    """
    content_type = ContentType.objects.get_for_model(records.model)
    citations = (
        Citation.objects.filter(
            content_type=content_type, object_id__in=records.order_by().values("pk")
        )
        .order_by("object_id", "source__key", "page", "locator")
        .values_list("object_id", "source__key", "page", "locator", "quote", "as_written")
        .iterator(chunk_size=5000)
    )
    pending = next(citations, None)
    for row in rows:
        keys: list[str] = []
        locators: list[str] = []
        quotes: list[str] = []
        written: set[str] = set()
        while pending is not None and pending[0] <= row["id"]:
            object_id, key, page, locator, quote, as_written = pending
            if object_id == row["id"]:
                if key not in keys:
                    keys.append(key)
                where = ", ".join(part for part in (page and f"p. {page}", locator) if part)
                locators.append(f"{key}: {where}" if where else key)
                if quote:
                    quotes.append(quote)
                if as_written:
                    written.add(as_written)
            pending = next(citations, None)
        yield {
            **row,
            "sources": ";".join(keys),
            "source_locators": " | ".join(locators),
            "source_quotes": " | ".join(quotes),
            # The names as the sources wrote them (a borough for its city, a spelling).
            "as_written": ";".join(sorted(written)),
        }
