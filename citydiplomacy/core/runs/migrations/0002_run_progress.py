# Runs of any long work: the table takes the app's name, and runs gain their category, a
# queued state, progress and the worker's task id.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("runs", "0001_initial"),
        ("imports", "0002_importrun_moves_to_runs"),
    ]

    operations = [
        migrations.AlterModelTable(name="run", table=None),
        migrations.AddField(
            model_name="run",
            name="category",
            field=models.CharField(
                default="import", help_text="import, rebuild, report or export.", max_length=20
            ),
        ),
        migrations.AddField(
            model_name="run", name="phase", field=models.CharField(blank=True, max_length=40)
        ),
        migrations.AddField(
            model_name="run", name="done", field=models.PositiveBigIntegerField(default=0)
        ),
        migrations.AddField(
            model_name="run",
            name="total",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="run",
            name="task_id",
            field=models.CharField(blank=True, help_text="The worker's task id.", max_length=64),
        ),
        migrations.AlterField(
            model_name="run",
            name="kind",
            field=models.CharField(help_text="The work, e.g. hekman-twincities.", max_length=40),
        ),
        migrations.AlterField(
            model_name="run",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "queued"),
                    ("running", "running"),
                    ("succeeded", "succeeded"),
                    ("failed", "failed (nothing written)"),
                    ("dry-run", "dry run (nothing written)"),
                ],
                default="running",
                max_length=10,
            ),
        ),
    ]
