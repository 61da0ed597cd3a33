"""The one write path for versioned records: validate, save, bump the version, record it.

Domain services (`agreement_record`, `membership_update`, ...) call `create_recorded`,
`update_recorded` and `delete_recorded`; pages, the API, the CLI and importers call those
domain services. Nothing is written without a ChangeRecord naming who wrote it.
"""

import dataclasses
import datetime as dt
import decimal
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from citydiplomacy.core.history.bulk_validation import BulkRefused, Refusal, validate_bulk
from citydiplomacy.core.history.gate import check_bulk, check_write
from citydiplomacy.core.history.hooks import run_before_delete
from citydiplomacy.core.history.models import ChangeAction, ChangeRecord, VersionedModel, Via
from citydiplomacy.core.history.version import bump_after_commit
from citydiplomacy.core.plain_rows import insert_records, insert_values

if TYPE_CHECKING:
    from citydiplomacy.core.runs.models import Run


@dataclass(frozen=True)
class Actor:
    """Who makes a change and through which door."""

    via: str
    user: User | None = None
    label: str = ""
    import_run: "Run | None" = None
    # A write made as the consequence of another, already allowed one (a deletion's
    # before_delete hooks): the gate lets it through.
    cascade: bool = False

    @classmethod
    def from_request(cls, request: HttpRequest, via: str = Via.WEB) -> "Actor":
        user = request.user if request.user.is_authenticated else None
        return cls(via=via, user=user)

    @classmethod
    def system(cls, label: str) -> "Actor":
        return cls(via=Via.SYSTEM, label=label)

    def describe(self) -> str:
        if self.import_run is not None:
            run = str(self.import_run)
            return f"{run} by {self.user.get_username()}" if self.user is not None else run
        if self.user is not None and not isinstance(self.user, AnonymousUser):
            name = self.user.get_username()
            return f"{name} ({self.label})" if self.label else name
        return self.label or self.via


class EditConflict(Exception):
    """Raised when a record changed after the editor loaded it."""

    def __init__(self, obj: models.Model, expected_version: int, current_version: int) -> None:
        self.obj = obj
        self.expected_version = expected_version
        self.current_version = current_version
        self.changes = _changes_since(obj, expected_version)
        super().__init__(self.message())

    def message(self) -> str:
        authors = sorted({c["by"] for c in self.changes}) or ["someone else"]
        fields = ", ".join(
            f"{c['field']}: {c['before']!r} → {c['after']!r}" for c in self.change_summary()
        )
        return (
            f"{self.obj} was changed by {', '.join(authors)} after you opened it "
            f"(you edited version {self.expected_version}, it is now version "
            f"{self.current_version}). Changed: {fields or 'its sources or links'}. "
            "Nothing was saved: reload it and apply your change again."
        )

    def change_summary(self) -> list[dict[str, Any]]:
        """Each field that changed, from its value at the editor's version to the current one."""
        first: dict[str, Any] = {}
        last: dict[str, Any] = {}
        for change in self.changes:
            first.setdefault(change["field"], change["before"])
            last[change["field"]] = change["after"]
        return [
            {"field": name, "before": first[name], "after": last[name]}
            for name in first
            if first[name] != last[name]
        ]


def _changes_since(obj: models.Model, version: int) -> list[dict[str, Any]]:
    records = ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk),
        version__gt=version,
    ).order_by("version", "id")
    return [
        {**change, "by": record.actor_label, "at": record.at.isoformat()}
        for record in records
        for change in record.changed_fields()
    ]


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    return value


def _label(item: Any) -> str:
    """How a related record appears in a snapshot: its `history_label()`, else its name."""
    label = getattr(item, "history_label", None)
    return str(label()) if callable(label) else str(item)


Related = Callable[[models.Model], dict[str, list[str]]]


def snapshot(obj: models.Model, related: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The record's values as JSON: concrete fields (foreign keys as ids) and named relations.

    Bulk writers pass `related` (the relations' labels they already know) to spare a query
    per record.
    """
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in ("created_at", "updated_at"):
            continue
        data[field.attname] = _json_value(field.value_from_object(obj))
    if related is not None:
        data.update({name: sorted(labels) for name, labels in related.items()})
        return data
    for name in getattr(obj, "history_related", ()):
        # Read the relation from the database, not from a prefetch made before the write.
        getattr(obj, "_prefetched_objects_cache", {}).pop(name, None)
        items = getattr(obj, name).all()
        # A label may name a related record (a citation names its source): load it along.
        needs = getattr(items.model, "history_label_needs", ())
        data[name] = sorted(
            _label(item) for item in (items.select_related(*needs) if needs else items)
        )
    return data


def _loaded_relations(obj: models.Model) -> list[str]:
    """The foreign keys of `obj` that hold a record read from the database (the caller
    passed the city or the organisation itself). `full_clean()` would query each one to see
    that it exists; the database's own foreign-key constraint still stands behind them."""
    loaded = []
    for field in obj._meta.concrete_fields:
        if not isinstance(field, models.ForeignKey) or not field.is_cached(obj):
            continue
        related = field.get_cached_value(obj)
        if (
            related is not None
            and not related._state.adding
            and related.pk == getattr(obj, field.attname)
            and not field.get_limit_choices_to()
        ):
            loaded.append(field.name)
    return loaded


def validate_record(obj: models.Model) -> None:
    """What `full_clean()` checks, in its order, without re-reading the related records
    the caller already holds. (`full_clean(exclude=...)` would also skip the uniqueness
    checks those fields take part in.)"""
    errors: dict[str, Any] = {}
    try:
        obj.clean_fields(exclude=_loaded_relations(obj))
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    try:
        obj.clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    for check in (obj.validate_unique, obj.validate_constraints):
        # Uniqueness is checked only for the fields that passed validation.
        try:
            check(exclude={name for name in errors if name != NON_FIELD_ERRORS})
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def record_change(
    *,
    actor: Actor,
    obj: models.Model,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    version: int | None,
) -> ChangeRecord:
    # Made as the bulk writers make theirs.
    (row,) = _record_rows(actor, [(obj, action, before, after, version)])
    record = ChangeRecord(**dict(zip(_RECORD_COLUMNS, row, strict=True)))
    record.save()
    bump_after_commit()
    return record


def create_recorded[V: VersionedModel](
    obj: V, *, actor: Actor, save_related: Callable[[V], None] | None = None
) -> V:
    """Check the actor may, validate and insert a new record, then record its creation."""
    check_write(actor, obj, ChangeAction.CREATE)
    validate_record(obj)
    with transaction.atomic():
        obj.version = 1
        obj.created_at = obj.updated_at = timezone.now()
        obj.save(force_insert=True)
        if save_related is not None:
            save_related(obj)
        record_change(
            actor=actor,
            obj=obj,
            action=ChangeAction.CREATE,
            before=None,
            after=snapshot(obj),
            version=obj.version,
        )
    return obj


def update_recorded[V: VersionedModel](
    obj: V,
    *,
    actor: Actor,
    expected_version: int | None,
    save_related: Callable[[V], None] | None = None,
) -> bool:
    """Validate and save `obj` (already carrying its new values); record what changed.

    `expected_version` is the version the editor started from; when the stored record has
    moved on, EditConflict is raised and nothing is written. Pass None only where the caller
    read the record in the same transaction (CLI edits, importers). Returns False, writing
    nothing, when the new values equal the stored ones.
    """
    check_write(actor, obj, ChangeAction.UPDATE)
    validate_record(obj)
    model = type(obj)
    with transaction.atomic():
        stored = model._default_manager.select_for_update().get(pk=obj.pk)
        if expected_version is not None and stored.version != expected_version:
            raise EditConflict(stored, expected_version, stored.version)
        before = snapshot(stored)
        obj.version = stored.version
        obj.save()
        if save_related is not None:
            save_related(obj)
        after = snapshot(obj)
        if after == before:
            transaction.set_rollback(True)
            return False
        obj.version = stored.version + 1
        obj.updated_at = timezone.now()
        model._default_manager.filter(pk=obj.pk).update(
            version=obj.version, updated_at=obj.updated_at
        )
        after["version"] = obj.version
        record_change(
            actor=actor,
            obj=obj,
            action=ChangeAction.UPDATE,
            before=before,
            after=after,
            version=obj.version,
        )
    return True


def delete_recorded(obj: VersionedModel, *, actor: Actor, expected_version: int | None) -> None:
    """Delete a record, keeping its last values in the change history."""
    check_write(actor, obj, ChangeAction.DELETE)
    model = type(obj)
    with transaction.atomic():
        stored = model._default_manager.select_for_update().get(pk=obj.pk)
        if expected_version is not None and stored.version != expected_version:
            raise EditConflict(stored, expected_version, stored.version)
        run_before_delete(stored, dataclasses.replace(actor, cascade=True))
        before = snapshot(stored)
        record_change(
            actor=actor,
            obj=stored,
            action=ChangeAction.DELETE,
            before=before,
            after=None,
            version=stored.version + 1,
        )
        try:
            with transaction.atomic():
                stored.delete()
        except models.ProtectedError as error:
            raise ValidationError(_protected_message(stored, error), code="protected") from None


def _protected_message(obj: models.Model, error: models.ProtectedError) -> str:
    blockers = list(error.protected_objects)
    kinds = sorted({str(b._meta.verbose_name_plural) for b in blockers})
    return (
        f"{obj} cannot be deleted: {len(blockers)} other record(s) refer to it "
        f"({', '.join(kinds)}). Delete or change those first."
    )


def _office_of(obj: models.Model) -> int | None:
    """The office whose members alone may see this record's history, if any."""
    own = getattr(obj, "history_office_id", None)
    if callable(own):
        return own()  # type: ignore[no-any-return]
    return getattr(obj, "office_id", None)


# The columns of a change record, in the order `_record_rows` gives them.
_RECORD_COLUMNS = (
    "at", "user_id", "actor_label", "via", "content_type_id", "object_id", "object_repr",
    "import_run_id", "private_to", "action", "before", "after", "version",
)  # fmt: skip


Snapshot = dict[str, Any] | None


def _record_rows(
    actor: Actor, items: Iterable[tuple[models.Model, str, Snapshot, Snapshot, int | None]]
) -> list[tuple[Any, ...]]:
    """Change records as rows of `_RECORD_COLUMNS`: (record, action, before, after, version)
    each. The actor's part and each model's content type are worked out once, not per row."""
    user = actor.user.pk if actor.user is not None and actor.user.pk else None
    label = actor.describe()[:200]
    run = actor.import_run.pk if actor.import_run is not None else None
    at = timezone.now()
    types: dict[type[models.Model], int] = {}
    rows = []
    for obj, action, before, after, version in items:
        model = type(obj)
        if model not in types:
            types[model] = ContentType.objects.get_for_model(model).pk
        row = (at, user, label, actor.via, types[model], str(obj.pk), str(obj)[:300], run)
        # An office's private record keeps its history private to that office.
        rows.append((*row, _office_of(obj), action, before, after, version))
    return rows


def bulk_record_creates(
    objs: Iterable[models.Model], *, actor: Actor, related: Related | None = None
) -> None:
    """Record the creation of records inserted in bulk (gazetteer loads, imports)."""
    objs = list(objs)
    check_bulk(actor, objs, ChangeAction.CREATE)
    bump_after_commit()
    rows = _record_rows(
        actor,
        (
            (
                obj,
                ChangeAction.CREATE,
                None,
                snapshot(obj, related(obj) if related else None),
                getattr(obj, "version", None),
            )
            for obj in objs
        ),
    )
    insert_values(ChangeRecord, _RECORD_COLUMNS, rows)


def bulk_record_updates(
    pairs: Iterable[tuple[models.Model, models.Model]],
    *,
    actor: Actor,
    related: Callable[[models.Model, bool], dict[str, list[str]]] | None = None,
) -> None:
    """Record updates written in bulk, given (before, after) pairs of the same record.

    `related(obj, after)` gives the relations' labels before (False) or after (True).
    """
    pairs = list(pairs)
    check_bulk(actor, (after for _, after in pairs), ChangeAction.UPDATE)
    bump_after_commit()
    rows = _record_rows(
        actor,
        (
            (
                after,
                ChangeAction.UPDATE,
                snapshot(before, related(before, False) if related else None),
                snapshot(after, related(after, True) if related else None),
                getattr(after, "version", None),
            )
            for before, after in pairs
        ),
    )
    insert_values(ChangeRecord, _RECORD_COLUMNS, rows)


BULK_BATCH = 2000
# bulk_update writes one CASE expression per field and batch; databases evaluate it per row,
# so a long batch costs quadratic time (10 s for 5,000 cities at SQLite's batch size).
UPDATE_BATCH = 250


@dataclass
class BulkResult[M: models.Model]:
    """What a bulk write wrote, and what it refused (nothing of a refused record is written)."""

    written: list[M]
    refused: list[Refusal]


def _refuse_or_raise[M: models.Model](
    objs: list[M], *, creating: bool, partial: bool
) -> BulkResult[M]:
    valid, refused = validate_bulk(objs, creating=creating)
    if refused and not partial:
        raise BulkRefused(refused)
    return BulkResult(valid, refused)


def bulk_create_recorded[M: models.Model](
    objs: Iterable[M],
    *,
    actor: Actor,
    related: Related | None = None,
    partial: bool = False,
    save_related: Callable[[list[M]], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> BulkResult[M]:
    """Validate every record as `full_clean()` would, insert the valid ones, record them.

    With `partial`, records that break a rule are returned as refused and the others written;
    without, one refusal raises BulkRefused and nothing is written. `save_related(written)`
    writes what hangs on the new records (citations, names) before their change records, so
    `related` can name it. `progress(n)` is told of each batch of n records written.
    """
    items = list(objs)
    check_bulk(actor, items, ChangeAction.CREATE)  # before any validation query
    result = _refuse_or_raise(items, creating=True, partial=partial)
    now = timezone.now()
    for obj in result.written:
        if isinstance(obj, VersionedModel):
            obj.version = 1
            obj.created_at = obj.updated_at = now
    with transaction.atomic():
        # In batches, each with what hangs on it and its change records, so that a long
        # write shows its progress.
        for start in range(0, len(result.written), BULK_BATCH):
            batch = result.written[start : start + BULK_BATCH]
            insert_records(batch)
            if save_related is not None:
                save_related(batch)
            bulk_record_creates(batch, actor=actor, related=related)
            if progress is not None:
                progress(len(batch))
    return result


def bulk_update_recorded[M: models.Model](
    pairs: Iterable[tuple[M, M]],
    *,
    actor: Actor,
    fields: Sequence[str],
    related: Callable[[models.Model, bool], dict[str, list[str]]] | None = None,
    partial: bool = False,
    save_related: Callable[[list[M]], None] | None = None,
) -> BulkResult[M]:
    """Validate and write (stored, changed) pairs of records read in this transaction.

    `changed` carries its new values; its version is bumped and the update recorded with the
    values before and after. Refusals as in `bulk_create_recorded`.
    """
    items = list(pairs)
    check_bulk(actor, (after for _, after in items), ChangeAction.UPDATE)
    by_after = {id(after): before for before, after in items}
    result = _refuse_or_raise([after for _, after in items], creating=False, partial=partial)
    now = timezone.now()
    columns = list(fields)
    for after in result.written:
        if isinstance(after, VersionedModel):
            after.version = getattr(by_after[id(after)], "version", 0) + 1
            after.updated_at = now
            columns = [*fields, "version", "updated_at"]
    written_pairs = [(by_after[id(after)], after) for after in result.written]
    with transaction.atomic():
        if result.written:
            type(result.written[0])._default_manager.bulk_update(
                result.written, list(dict.fromkeys(columns)), batch_size=UPDATE_BATCH
            )
        if save_related is not None:
            save_related(result.written)
        bulk_record_updates(written_pairs, actor=actor, related=related)
    return result


def assign_fields(obj: models.Model, changes: dict[str, Any], editable: Iterable[str]) -> None:
    """Set `changes` on `obj`, refusing fields that are not editable through this path."""
    allowed = set(editable)
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise ValidationError(
            {name: "This field cannot be changed here." for name in unknown}, code="not_editable"
        )
    for name, value in changes.items():
        setattr(obj, name, value)
