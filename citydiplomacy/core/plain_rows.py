"""Many new rows inserted as plain values, without a compiled statement per row.

Django's `bulk_create` builds a model instance per row and compiles every value into SQL (a
`field_as_sql` and a `prepare_value` call each): for the gazetteer's 360,000 name keys, or an
import's 25,000 agreements with their citations and change records, that is over a million
calls and most of the write's time. Here a statement is written once per batch shape and each
value only goes through its field's conversion to the database's form, skipped for the field
types whose Python values the drivers take as they are.

Nothing here validates. The callers are the validated bulk writers (`core.history.services`,
which check every record as `full_clean()` would before inserting it here) and derived tables
(a city's names, from the city); anything a user or a source states goes through the
services.
"""

from collections.abc import Iterable, Sequence
from itertools import batched
from typing import Any

from django.db import connections, models, router, transaction
from django.db.models.fields import NOT_PROVIDED, AutoFieldMixin

BATCH = 5000


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.column:
        raise ValueError(f"{model.__name__}.{name} is not a column")
    return field.column


def insert_plain_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """INSERT `rows` (tuples of database values, in the order of `fields`) into `model`'s
    table; returns how many. Uses the model's write database and the current transaction."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    given = {model._meta.get_field(name) for name in fields}
    # The other columns take their field's default, as a model instance would.
    defaults = [
        f for f in model._meta.concrete_fields if f not in given and not f.primary_key and f.column
    ]
    tail = tuple(f.get_db_prep_save(f.get_default(), connection) for f in defaults)
    names = [_column(model, name) for name in fields] + [str(f.column) for f in defaults]
    columns = ", ".join(quote(name) for name in names)
    placeholders = ", ".join(["%s"] * len(names))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"
    written = 0
    with connection.cursor() as cursor:
        for chunk in batched(rows, BATCH):
            cursor.executemany(sql, [(*row, *tail) for row in chunk])
            written += len(chunk)
    return written


# Field types (exactly these, not subclasses that may convert differently) whose values of
# these Python types the drivers store as the field would: their get_db_prep_save returns
# them unchanged, or (integers on PostgreSQL) only wraps them in a type the column's own
# type makes moot. Any other value, or field type (dates, JSON, decimals...), goes through
# the field.
_TEXT: frozenset[type] = frozenset({str, type(None)})
_PASSED: dict[type, frozenset[type]] = {
    models.CharField: _TEXT,
    models.SlugField: _TEXT,
    models.URLField: _TEXT,
    models.EmailField: _TEXT,
    models.TextField: _TEXT,
    models.IntegerField: frozenset({int, type(None)}),
    models.PositiveIntegerField: frozenset({int, type(None)}),
    models.PositiveSmallIntegerField: frozenset({int, type(None)}),
    models.SmallIntegerField: frozenset({int, type(None)}),
    models.BigIntegerField: frozenset({int, type(None)}),
    models.AutoField: frozenset({int, type(None)}),
    models.BigAutoField: frozenset({int, type(None)}),
    models.FloatField: frozenset({float, int, type(None)}),
    models.BooleanField: frozenset({bool, type(None)}),
}
# The most values one statement may bind (PostgreSQL's limit is 65,535; SQLite's is read from
# the connection), and the most rows per statement whatever the width.
_PARAMS_LIMIT = 60_000
_ROWS_LIMIT = 2_000


class _Conversion:
    """How one column's values reach the driver."""

    def __init__(self, field: models.Field[Any, Any], db: Any) -> None:
        self.field = field
        self.db = db
        # A foreign key's value is its target's key.
        target = field.target_field if isinstance(field, models.ForeignKey) else field
        self.passed: frozenset[type] = _PASSED.get(type(target), frozenset())
        self.plain = type(target) in _PASSED
        # The last value converted, and its conversion: a batch's timestamps are one value.
        self.last: tuple[Any, Any] = (object(), None)

    def __call__(self, value: Any) -> Any:
        if value.__class__ in self.passed:
            return value
        last, converted = self.last
        if value is last:
            return converted
        converted = self.field.get_db_prep_save(value, self.db)
        if converted is value and self.plain:
            # A plain field gave a value of this type back as it was (a choices member,
            # a str subclass): it will for every value of the type.
            self.passed = self.passed | {value.__class__}
        self.last = (value, converted)
        return converted


def _rows_per_statement(db: Any, width: int) -> int:
    limit = _PARAMS_LIMIT
    if db.vendor == "sqlite":
        limit = min(limit, db.features.max_query_params or limit)
    return max(1, min(_ROWS_LIMIT, limit // max(1, width)))


def _converted(conversions: list[_Conversion], row: Sequence[Any]) -> Iterable[Any]:
    return (
        value if value.__class__ in convert.passed else convert(value)
        for convert, value in zip(conversions, row, strict=True)
    )


def insert_values(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    returning: bool = False,
) -> list[int]:
    """Insert `rows` (Python values in the order of `columns`, field names or attnames) into
    the model's table, each value converted by its field; the other columns take their
    defaults. Returns the new keys, in the rows' order, when `returning`."""
    opts = model._meta
    db = connections[router.db_for_write(model)]
    fields: list[models.Field[Any, Any]] = [opts.get_field(name) for name in columns]  # type: ignore[misc]
    conversions = [_Conversion(f, db) for f in fields]
    if not returning:
        insert_plain_rows(model, columns, (tuple(_converted(conversions, row)) for row in rows))
        return []
    quote = db.ops.quote_name
    head = f"INSERT INTO {quote(opts.db_table)} ({', '.join(quote(str(f.column)) for f in fields)})"
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    step = _rows_per_statement(db, len(fields))
    keys: list[int] = []
    statements: dict[int, str] = {}  # by the number of rows: the last batch is shorter
    with db.cursor() as cursor:
        for start in range(0, len(rows), step):
            batch = rows[start : start + step]
            params = [value for row in batch for value in _converted(conversions, row)]
            if len(batch) not in statements:
                values = ", ".join([one] * len(batch))
                returned = quote(str(opts.pk.column))
                statements[len(batch)] = f"{head} VALUES {values} RETURNING {returned}"
            cursor.execute(statements[len(batch)], params)
            keys.extend(row[0] for row in cursor.fetchall())
    return keys


def _insertable(opts: Any, with_pk: bool) -> list[models.Field[Any, Any]]:
    return [f for f in opts.concrete_fields if not f.generated and (with_pk or f is not opts.pk)]


def insert_records[M: models.Model](objs: Sequence[M]) -> list[M]:
    """Insert new model instances of one model as `bulk_create` would for the models the
    bulk writers use (keys set on them, related records' keys copied, `auto_now_add` filled,
    marked as saved), without compiling each value.

    Anything else goes through `bulk_create` itself: inherited models, database defaults or
    generated columns, no way to return keys, a key that is neither given nor automatic."""
    if not objs:
        return list(objs)
    model = type(objs[0])
    opts = model._meta
    fields = _insertable(opts, with_pk=True)
    db = connections[router.db_for_write(model)]
    auto_pk = isinstance(opts.pk, AutoFieldMixin)
    if (
        opts.parents
        or len(fields) < 2
        or any(f.db_default is not NOT_PROVIDED or f.generated for f in opts.concrete_fields)
        or not db.features.can_return_rows_from_bulk_insert
        or (not auto_pk and any(o.pk is None for o in objs))
    ):
        return model._default_manager.bulk_create(objs)
    for obj in objs:
        # As bulk_create: a related record assigned before it was saved gives its key now.
        obj._prepare_related_fields_for_save(operation_name="bulk_create")  # type: ignore[attr-defined]
    without_pk = [o for o in objs if o.pk is None] if auto_pk else []
    with_pk = [o for o in objs if o.pk is not None] if without_pk else list(objs)
    with transaction.atomic(using=db.alias, savepoint=False):
        for group, keyed in ((with_pk, True), (without_pk, False)):
            if group:
                fields = _insertable(opts, with_pk=keyed)
                _insert_group(model, group, fields, returning=not keyed, alias=db.alias)
    return list(objs)


def _insert_group(
    model: type[models.Model],
    objs: Sequence[models.Model],
    fields: list[models.Field[Any, Any]],
    *,
    returning: bool,
    alias: str,
) -> None:
    stamped = [
        f for f in fields if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
    ]
    for obj in objs:
        for field in stamped:
            field.pre_save(obj, add=True)
    attnames = [f.attname for f in fields]
    rows = [[getattr(obj, name) for name in attnames] for obj in objs]
    keys = insert_values(model, attnames, rows, returning=returning)
    for index, obj in enumerate(objs):
        if returning:
            obj.pk = keys[index]
        obj._state.adding = False
        obj._state.db = alias
