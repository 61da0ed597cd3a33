"""Writing sources and citations."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models

from citydiplomacy.core.history.gate import check_write
from citydiplomacy.core.history.models import ChangeAction
from citydiplomacy.core.history.services import (
    Actor,
    assign_fields,
    create_recorded,
    delete_recorded,
    update_recorded,
)
from citydiplomacy.sources.models import Citation, CitedModel, Source

if TYPE_CHECKING:
    from citydiplomacy.core.runs.models import Run

SOURCE_EDITABLE = ("title", "kind", "author", "published", "url", "file_name", "note")


@dataclass(frozen=True)
class CitationSpec:
    """What a write says about where its fact comes from."""

    source: Source
    page: str = ""
    locator: str = ""
    quote: str = ""
    import_run: "Run | None" = None

    def key(self) -> tuple[int, str, str]:
        return (self.source.pk, self.page, self.locator)


def source_ensure(*, key: str, actor: Actor, **values: Any) -> Source:
    """The source with this key, created, or updated when its description changed."""
    source = Source.objects.filter(key=key).first()
    if source is None:
        return create_recorded(Source(key=key, **values), actor=actor)
    if any(getattr(source, name) != value for name, value in values.items()):
        source_update(source, actor=actor, expected_version=None, **values)
    return source


def source_create(*, actor: Actor, **values: Any) -> Source:
    return create_recorded(Source(**values), actor=actor)


def source_update(
    source: Source, *, actor: Actor, expected_version: int | None, **values: Any
) -> Source:
    assign_fields(source, values, SOURCE_EDITABLE)
    update_recorded(source, actor=actor, expected_version=expected_version)
    return source


def citations_set(
    obj: models.Model, specs: Sequence[CitationSpec], *, new_record: bool = False
) -> None:
    """Make `obj` cite exactly `specs` (one citation per source, page and locator);
    `new_record`: `obj` was inserted just now, so it cites nothing yet."""
    _sync_citations(obj, specs, remove_others=True, new_record=new_record)


def citations_add(obj: models.Model, specs: Sequence[CitationSpec]) -> None:
    """Add the citations in `specs` that `obj` does not have yet; keep the others."""
    _sync_citations(obj, specs, remove_others=False)


def cites_already(obj: models.Model, specs: Sequence[CitationSpec]) -> bool:
    """True when `obj` has every citation of `specs`, each with the quote the spec gives."""
    content_type = ContentType.objects.get_for_model(type(obj))
    stored = {
        (source_id, page, locator): quote
        for source_id, page, locator, quote in Citation.objects.filter(
            content_type=content_type, object_id=obj.pk
        ).values_list("source_id", "page", "locator", "quote")
    }
    return all(
        spec.key() in stored and (not spec.quote or stored[spec.key()] == spec.quote)
        for spec in specs
    )


def _sync_citations(
    obj: models.Model,
    specs: Sequence[CitationSpec],
    *,
    remove_others: bool,
    new_record: bool = False,
) -> None:
    content_type = ContentType.objects.get_for_model(type(obj))
    existing = (
        {}
        if new_record
        else {
            (c.source_id, c.page, c.locator): c
            for c in Citation.objects.filter(content_type=content_type, object_id=obj.pk)
        }
    )
    wanted = {spec.key(): spec for spec in specs}
    for key, spec in wanted.items():
        citation = existing.get(key)
        if citation is None:
            Citation.objects.create(
                source=spec.source,
                content_type=content_type,
                object_id=obj.pk,
                page=spec.page,
                locator=spec.locator,
                quote=spec.quote,
                import_run=spec.import_run,
            )
        elif spec.quote and citation.quote != spec.quote:
            citation.quote = spec.quote
            citation.save(update_fields=["quote"])
    if remove_others:
        stale = [c.pk for key, c in existing.items() if key not in wanted]
        Citation.objects.filter(pk__in=stale).delete()


def require_citations(citations: Sequence[CitationSpec]) -> None:
    if not citations:
        raise ValidationError(
            {"sources": "Say where this comes from: give at least one source."}, code="required"
        )


def citation_specs(items: Sequence[Any], field: str = "sources") -> list[CitationSpec]:
    """Turn citation inputs (objects with source key, page, locator, quote) into specs."""
    keys = {item.source for item in items}
    found = Source.objects.in_bulk(keys, field_name="key")
    missing = sorted(keys - set(found))
    if missing:
        raise ValidationError(
            {field: f"No source with key {', '.join(map(repr, missing))}: create it first."},
            code="unknown_source",
        )
    return [
        CitationSpec(found[i.source], page=i.page, locator=i.locator, quote=i.quote) for i in items
    ]


def source_delete(source: Source, *, actor: Actor, expected_version: int | None) -> None:
    delete_recorded(source, actor=actor, expected_version=expected_version)


def create_cited[C: CitedModel](
    obj: C,
    *,
    citations: Sequence[CitationSpec],
    actor: Actor,
    also: Callable[[C], None] | None = None,
) -> C:
    """Create a cited record with its citations (at least one) and record the creation."""
    require_citations(citations)

    def save_related(saved: C) -> None:
        if also is not None:
            also(saved)
        citations_set(saved, citations, new_record=True)

    return create_recorded(obj, actor=actor, save_related=save_related)


def update_cited[C: CitedModel](
    obj: C,
    *,
    changes: dict[str, Any],
    editable: Sequence[str],
    citations: Sequence[CitationSpec] | None,
    actor: Actor,
    expected_version: int | None,
    also: Callable[[C], None] | None = None,
) -> C:
    """Apply `changes` (and new citations, when given) to a cited record; record the change."""
    assign_fields(obj, changes, editable)
    if citations is not None:
        require_citations(citations)

    def save_related(saved: C) -> None:
        if also is not None:
            also(saved)
        if citations is not None:
            citations_set(saved, citations)

    update_recorded(obj, actor=actor, expected_version=expected_version, save_related=save_related)
    return obj


def merge_cited[C: CitedModel](
    obj: C,
    *,
    values: dict[str, Any],
    editable: Sequence[str],
    citations: Sequence[CitationSpec],
    actor: Actor,
) -> tuple[bool, list[str]]:
    """Bring a known record and new evidence together without losing anything stored.

    Empty fields take the new values, citations are added, and values that disagree with
    stored ones are kept as stored and reported. Returns (changed, disagreements).
    """
    fills: dict[str, Any] = {}
    disagreements: list[str] = []
    for name, value in values.items():
        if value in ("", None):
            continue
        current = getattr(obj, name)
        if current in ("", None):
            fills[name] = value
        elif current != value:
            disagreements.append(f"{name}: kept {current!s} (the source says {value!s})")
    if not fills and cites_already(obj, citations):
        # Nothing to write (a second import of the same data): spare the locked re-read,
        # the save and the two snapshots that would find no change. The gate still rules.
        check_write(actor, obj, ChangeAction.UPDATE)
        return False, disagreements
    assign_fields(obj, fills, editable)
    changed = update_recorded(
        obj,
        actor=actor,
        expected_version=None,
        save_related=lambda saved: citations_add(saved, citations),
    )
    return changed, disagreements


def cited_merge_into[C: CitedModel](duplicate: C, kept: C, *, actor: Actor) -> None:
    """One record stands for the same fact as another (two cities found to be one): `kept`
    takes the citations of `duplicate` it lacks (names as written included), then
    `duplicate` is deleted; both writes are recorded."""
    content_type = ContentType.objects.get_for_model(type(kept))

    def take_citations(saved: C) -> None:
        held = {
            (c.source_id, c.page, c.locator)
            for c in Citation.objects.filter(content_type=content_type, object_id=saved.pk)
        }
        moving = [
            c.pk
            for c in Citation.objects.filter(content_type=content_type, object_id=duplicate.pk)
            if (c.source_id, c.page, c.locator) not in held
        ]
        Citation.objects.filter(pk__in=moving).update(object_id=saved.pk)

    update_recorded(kept, actor=actor, expected_version=None, save_related=take_citations)
    delete_recorded(duplicate, actor=actor, expected_version=None)
