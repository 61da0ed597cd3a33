# The import runs' model moves from the imports app to core.runs: only Django's state
# changes here, the table (imports_importrun) stays with its rows; 0002 renames it.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("imports", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Run",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                help_text="The importer, e.g. hekman-twincities.", max_length=40
                            ),
                        ),
                        ("file_name", models.CharField(blank=True, max_length=500)),
                        ("file_sha256", models.CharField(blank=True, max_length=64)),
                        ("options", models.JSONField(blank=True, default=dict)),
                        ("actor_label", models.CharField(blank=True, max_length=200)),
                        ("started_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("finished_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("running", "running"),
                                    ("succeeded", "succeeded"),
                                    ("failed", "failed (nothing written)"),
                                    ("dry-run", "dry run (nothing written)"),
                                ],
                                default="running",
                                max_length=10,
                            ),
                        ),
                        ("counts", models.JSONField(blank=True, default=dict)),
                        ("message", models.TextField(blank=True)),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={"ordering": ["-started_at", "-id"], "db_table": "imports_importrun"},
                ),
            ],
            database_operations=[],
        ),
    ]
