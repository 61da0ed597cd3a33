"""Validating many records at once: what `full_clean()` checks, without a query per record.

`full_clean()` runs a query per foreign key (does the related row exist?) and per unique
constraint (is the value taken?) of every record: tens of thousands of queries for one
import. Here field validators and each model's `clean()` still run on every record, while
foreign keys and unique constraints are checked for the whole batch in a few queries, both
against the stored rows and among the batch itself. Check constraints are the database's
last line: every model states their rule in `clean()` too (the agreement's pair order,
say), so a breach is refused here with a message and never reaches the database.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Q

CHUNK = 5000


@dataclass(frozen=True)
class Refusal:
    """A record the bulk path refused, with its errors by field."""

    obj: models.Model
    errors: dict[str, list[str]]

    def message(self) -> str:
        parts = []
        for name, messages in self.errors.items():
            text = " ".join(messages)
            parts.append(text if name == NON_FIELD_ERRORS else f"{name}: {text}")
        return "; ".join(parts)


class BulkRefused(ValidationError):
    """Some records of a bulk write break a model rule; nothing was written."""

    def __init__(self, refusals: list[Refusal]) -> None:
        self.refusals = refusals
        first = refusals[0]
        more = f" (and {len(refusals) - 1} more)" if len(refusals) > 1 else ""
        super().__init__(f"{first.obj}: {first.message()}{more}", code="invalid")


def _errors_of(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            name: [str(m) for e in errs for m in e.messages]
            for name, errs in error.error_dict.items()
        }
    return {NON_FIELD_ERRORS: [str(m) for m in error.messages]}


def _foreign_keys(model: type[models.Model]) -> list[models.ForeignKey[Any, Any]]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey)]


def _check_one(obj: models.Model, fks: list[models.ForeignKey[Any, Any]]) -> dict[str, list[str]]:
    """Field validators and clean() of one record; foreign keys only for null-ness."""
    errors: dict[str, list[str]] = {}
    try:
        obj.clean_fields(exclude={f.name for f in fks})
    except ValidationError as error:
        errors.update(_errors_of(error))
    for fk in fks:
        if getattr(obj, fk.attname) is None and not fk.null and not fk.is_cached(obj):
            errors.setdefault(fk.name, []).append("This field cannot be null.")
    if errors:
        return errors  # clean() may rely on valid fields, as full_clean() assumes
    try:
        obj.clean()
    except ValidationError as error:
        for name, messages in _errors_of(error).items():
            errors.setdefault(name, []).extend(messages)
    return errors


def _missing_targets(
    objs: Sequence[models.Model], fks: list[models.ForeignKey[Any, Any]]
) -> dict[int, dict[str, list[str]]]:
    """Records whose foreign keys name rows that do not exist, one query per key and chunk."""
    problems: dict[int, dict[str, list[str]]] = defaultdict(dict)
    for fk in fks:
        wanted: dict[Any, list[int]] = defaultdict(list)
        for i, obj in enumerate(objs):
            if fk.is_cached(obj):
                target = getattr(obj, fk.name)
                if target is not None and not target._state.adding:
                    continue  # a row read from (or written to) the database
            value = getattr(obj, fk.attname)
            if value is not None:
                wanted[value].append(i)
        if not wanted:
            continue
        remote = fk.remote_field.model
        field_name = fk.target_field.name
        found: set[Any] = set()
        values = list(wanted)
        for start in range(0, len(values), CHUNK):
            found.update(
                remote._base_manager.filter(
                    **{f"{field_name}__in": values[start : start + CHUNK]}
                ).values_list(field_name, flat=True)
            )
        for value in set(values) - found:
            label = remote._meta.verbose_name
            for i in wanted[value]:
                problems[i][fk.name] = [f"No {label} with id {value!r}."]
    return problems


@dataclass(frozen=True)
class _Unique:
    fields: tuple[str, ...]  # attnames
    message: str
    condition: Q | None = None


def _uniques(model: type[models.Model]) -> list[_Unique]:
    found: list[_Unique] = []
    meta = model._meta
    for field in meta.concrete_fields:
        if field.unique:
            message = f"A {meta.verbose_name} with this {field.verbose_name} already exists."
            found.append(_Unique((field.attname,), message))
    for constraint in meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            attnames = tuple(_attname(model, name) for name in constraint.fields)
            message = str(constraint.violation_error_message or "") or (
                f"A {meta.verbose_name} with these values already exists."
            )
            if "%(name)s" in message:
                message = message % {"name": constraint.name}
            found.append(_Unique(attnames, message, constraint.condition))
    return found


def _attname(model: type[models.Model], name: str) -> str:
    return str(getattr(model._meta.get_field(name), "attname", name))


def _condition_holds(condition: Q | None, obj: models.Model) -> bool:
    """Evaluate the simple conditions unique constraints use (equality, negated) in Python."""
    if condition is None:
        return True
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            results.append(_condition_holds(child, obj))
            continue
        lookup, value = child  # type: ignore[misc]
        name, _, op = lookup.partition("__")
        if op not in ("", "exact"):
            raise NotImplementedError(f"Unique condition {lookup!r} is not evaluated in bulk.")
        attname = _attname(type(obj), name)
        results.append(getattr(obj, attname) == value)
    held = all(results) if condition.connector == Q.AND else any(results)
    return not held if condition.negated else held


def _taken(
    model: type[models.Model], unique: _Unique, keys: list[tuple[Any, ...]]
) -> dict[tuple[Any, ...], Any]:
    """Stored rows holding these key values: key -> primary key."""
    first = unique.fields[0]
    stored: dict[tuple[Any, ...], Any] = {}
    firsts = list({key[0] for key in keys})
    wanted = set(keys)
    rows = model._base_manager.all()
    if unique.condition is not None:
        rows = rows.filter(unique.condition)
    for start in range(0, len(firsts), CHUNK):
        chunk = rows.filter(**{f"{first}__in": firsts[start : start + CHUNK]})
        for values in chunk.values_list(*unique.fields, "pk"):
            key = tuple(values[:-1])
            if key in wanted:
                stored[key] = values[-1]
    return stored


def _unique_problems(
    objs: Sequence[models.Model], skip: set[int], creating: bool
) -> dict[int, dict[str, list[str]]]:
    """Records that would break a unique rule: against stored rows, or an earlier record."""
    problems: dict[int, dict[str, list[str]]] = defaultdict(dict)
    if not objs:
        return problems
    model = type(objs[0])
    for unique in _uniques(model):
        keyed: list[tuple[int, tuple[Any, ...]]] = []
        for i, obj in enumerate(objs):
            if i in skip or not _condition_holds(unique.condition, obj):
                continue
            key = tuple(getattr(obj, name) for name in unique.fields)
            if any(v is None for v in key):
                continue  # SQL never finds NULLs equal
            keyed.append((i, key))
        stored = _taken(model, unique, [key for _, key in keyed])
        seen: dict[tuple[Any, ...], int] = {}
        target = unique.fields[0] if len(unique.fields) == 1 else NON_FIELD_ERRORS
        for i, key in keyed:
            pk = objs[i].pk
            # A new record clashes with any stored row; a changed one with another row.
            clash = key in stored and (creating or stored[key] != pk)
            if clash or key in seen:
                problems[i].setdefault(target, []).append(unique.message)
            else:
                seen[key] = i
    return problems


def validate_bulk[M: models.Model](
    objs: Iterable[M], *, creating: bool = True
) -> tuple[list[M], list[Refusal]]:
    """Split records into those that pass every model rule and those refused (with why).

    `creating`: the records are new (a stored row with the same unique values, primary key
    included, is a clash); else they are stored rows with changed values."""
    items = list(objs)
    if not items:
        return [], []
    fks = _foreign_keys(type(items[0]))
    errors: dict[int, dict[str, list[str]]] = {}
    for i, obj in enumerate(items):
        found = _check_one(obj, fks)
        if found:
            errors[i] = found
    for problems in (_missing_targets(items, fks), _unique_problems(items, set(errors), creating)):
        for i, found in problems.items():
            for name, messages in found.items():
                errors.setdefault(i, {}).setdefault(name, []).extend(messages)
    valid = [obj for i, obj in enumerate(items) if i not in errors]
    return valid, [Refusal(items[i], errors[i]) for i in sorted(errors)]
