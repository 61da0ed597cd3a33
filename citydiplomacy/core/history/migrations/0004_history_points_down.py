# The history points only down: a change record names its run in core.runs (same table, state
# only), and the office whose private record it is by id alone (`private_to`, the column
# office_id without its foreign key), so the history imports no domain. A record whose office
# is deleted stays private: nobody is a member of an office that is gone.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("history", "0003_changerecord_office"),
        ("runs", "0001_initial"),
        ("offices", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="changerecord",
                    name="import_run",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="runs.run",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="changerecord", name="office"),
                migrations.AddField(
                    model_name="changerecord",
                    name="private_to",
                    field=models.BigIntegerField(
                        blank=True,
                        null=True,
                        db_column="office_id",
                        db_index=True,
                        help_text="The office whose private record this is; its history is private too.",
                    ),
                ),
            ],
            database_operations=[
                migrations.AlterField(
                    model_name="changerecord",
                    name="office",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="offices.office",
                    ),
                ),
            ],
        ),
    ]
