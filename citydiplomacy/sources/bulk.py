"""What the bulk writers of cited records share: citations per source row, validated writes.

A domain's bulk writer (`agreements.bulk`, `organisations.bulk`, ...) collects what a load
states, reads what the registry holds in a few queries, and writes through
`history.services.bulk_create_recorded` / `bulk_update_recorded`, which validate every record
as `full_clean()` would before anything is written. Each row of the load becomes a citation
of the source with the row as locator (and the name as the source wrote it); created records
get one change record each, merged ones (new citations, fields filled) an update with their
citations before and after. A record that breaks a rule is refused, with its message, and
nothing of it is written.
"""

import copy
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from citydiplomacy.core.history.bulk_validation import Refusal
from citydiplomacy.core.history.services import (
    Actor,
    bulk_create_recorded,
    bulk_update_recorded,
)
from citydiplomacy.core.plain_rows import insert_records
from citydiplomacy.sources.models import Citation, Source


@dataclass(frozen=True)
class Cite:
    """Where a row of the source states a fact: its locator and the names it wrote."""

    locator: str
    as_written: str = ""


def cites(locators: list[str] | list[Cite]) -> list[Cite]:
    return [c if isinstance(c, Cite) else Cite(c) for c in locators]


@dataclass
class Merged:
    """A stored record and what this load adds to it."""

    stored: Any
    new_locators: list[Cite]
    changes: dict[str, Any]
    labels_before: list[str]


class CitingWriter:
    """Citations and validated bulk writes of one cited model, for one source."""

    model: type[Model]

    def __init__(self, actor: Actor, source: Source) -> None:
        self.actor = actor
        self.source = source
        self.run = actor.import_run
        self.content_type = ContentType.objects.get_for_model(self.model)
        self.refused: dict[int, str] = {}  # id() of a refused record -> why
        self.progress: Callable[[int], None] | None = None  # told of each batch written

    def citation(self, object_id: int, cite: Cite) -> Citation:
        return Citation(
            source=self.source,
            content_type=self.content_type,
            object_id=object_id,
            locator=cite.locator[:200],
            as_written=cite.as_written[:300],
            import_run=self.run,
        )

    def label(self, locator: str | Cite) -> str:
        """How the citation appears in a change record (see Citation.history_label)."""
        text = locator.locator if isinstance(locator, Cite) else locator
        return f"{self.source.key} ({text[:200]})"

    def cited_labels(self, ids: list[int] | QuerySet[Any, Any]) -> dict[int, list[str]]:
        """The stored citations of these records, as change-record labels."""
        rows = Citation.objects.filter(content_type=self.content_type)
        wanted: set[int] | None = None
        if isinstance(ids, list) and len(ids) > 5000:
            wanted = set(ids)  # too many for an IN clause: filter as the rows come
        else:
            rows = rows.filter(object_id__in=ids)
        found: dict[int, list[str]] = defaultdict(list)
        for object_id, key, page, locator in rows.values_list(
            "object_id", "source__key", "page", "locator"
        ).iterator(chunk_size=5000):
            if wanted is None or object_id in wanted:
                where = ", ".join(p for p in (page and f"p. {page}", locator) if p)
                found[object_id].append(f"{key} ({where})" if where else key)
        return found

    def _note_refusals(self, refusals: list[Refusal]) -> None:
        for refusal in refusals:
            self.refused[id(refusal.obj)] = refusal.message()

    def create_cited(self, objs: list[Any], locators: Callable[[Any], list[Cite]]) -> list[Any]:
        """Validate and insert new records with their citations and change records.

        Returns the records written; refused ones are noted in `refused` by `id()`."""
        labels: dict[int, list[str]] = defaultdict(list)

        def save_citations(written: list[Any]) -> None:
            citations = [self.citation(obj.pk, c) for obj in written for c in locators(obj)]
            insert_records(citations)
            for citation in citations:
                labels[citation.object_id].append(self.label(citation.locator))

        result = bulk_create_recorded(
            objs,
            actor=self.actor,
            partial=True,
            save_related=save_citations,
            related=lambda o: {"citations": labels[o.pk]},
            progress=self.progress,
        )
        self._note_refusals(result.refused)
        return result.written

    def save_merges(self, merges: list[Merged], fields: list[str]) -> list[Merged]:
        """Validate and write merged records: new citations, filled fields, change records.

        Returns the merges written; a refused one is noted by the `id()` of its stored record."""
        if not merges:
            return []
        pairs = []
        by_after: dict[int, Merged] = {}
        labels: dict[int, tuple[list[str], list[str]]] = {}
        for merged in merges:
            after = copy.copy(merged.stored)
            for name, value in merged.changes.items():
                setattr(after, name, value)
            by_after[id(after)] = merged
            new_labels = [self.label(c) for c in merged.new_locators]
            labels[after.pk] = (merged.labels_before, merged.labels_before + new_labels)
            pairs.append((merged.stored, after))

        def save_citations(written: list[Any]) -> None:
            insert_records(
                [
                    self.citation(after.pk, c)
                    for after in written
                    for c in by_after[id(after)].new_locators
                ]
            )

        def related(obj: Model, after: bool) -> dict[str, list[str]]:
            return {"citations": labels[obj.pk][1 if after else 0]}

        result = bulk_update_recorded(
            pairs,
            actor=self.actor,
            fields=fields,
            related=related,
            partial=True,
            save_related=save_citations,
        )
        for refusal in result.refused:
            self.refused[id(by_after[id(refusal.obj)].stored)] = refusal.message()
        return [by_after[id(after)] for after in result.written]


@dataclass
class Pending:
    """What one record gains from a load: the rows (citations) that state it."""

    first_row: int
    cites: list[Cite] = field(default_factory=list)
