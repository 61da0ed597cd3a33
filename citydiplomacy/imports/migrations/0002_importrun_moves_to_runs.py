# ImportRun is now core.runs.Run: the references to it were moved first (history 0004,
# sources 0003, geo 0004); this removes it from the imports app's state only.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0001_initial"),
        ("runs", "0001_initial"),
        ("history", "0004_history_points_down"),
        ("sources", "0003_citation_run"),
        ("geo", "0004_populationfigure_run"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ImportRun")],
            database_operations=[],
        ),
    ]
