"""Reading citations together with their sources, and gathering a page's sources."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet

from citydiplomacy.sources.models import Citation, Source


def with_sources() -> "Prefetch[str, QuerySet[Citation], str]":
    """Prefetch a cited model's citations and their sources in one query."""
    return Prefetch("citations", queryset=Citation.objects.select_related("source"))


def sources_of(records: Iterable[Any], *extra: Source) -> list[Source]:
    """The distinct sources cited by already-prefetched records, plus `extra`, by title."""
    found: dict[int, Source] = {s.pk: s for s in extra}
    for record in records:
        for citation in record.citations.all():
            found.setdefault(citation.source_id, citation.source)
    return sorted(found.values(), key=lambda s: s.title.lower())


def source_keys(record: Any) -> str:
    """The keys of the sources a record cites, for an export cell (citations prefetched)."""
    return ";".join(sorted({c.source.key for c in record.citations.all()}))
