"""The SQLite FTS5 index of practices (on PostgreSQL the search reads SearchDocument)."""

from typing import Any

from django.db import migrations

CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS practices_fts USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 2')"
)
DROP = "DROP TABLE IF EXISTS practices_fts"


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(CREATE)


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
