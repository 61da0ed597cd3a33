"""Writing many rows of a derived table (a search index) as plain values.

`bulk_create` builds a model instance per row and compiles every value through its field:
for the gazetteer's 360,000 name keys that is most of `init`'s time. Rows written here are
already in their stored form and derived from records that are themselves validated and
recorded (a city's names from the city); anything a user or a source states goes through
the services instead.
"""

from collections.abc import Iterable, Sequence
from itertools import batched
from typing import Any

from django.db import connections, models, router

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
