# Provisional places (names no gazetteer city matched yet), their review data, and the names
# a person settled in the review queue.

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("geo", "0007_cityname_languages"),
        ("runs", "0002_run_progress"),
    ]

    operations = [
        migrations.AddField(
            model_name="city",
            name="provisional",
            field=models.BooleanField(
                db_index=True,
                default=False,
                help_text="Not yet matched: a place a source names that no gazetteer city matched (or several did); kept with the name as written until a person settles it.",
            ),
        ),
        migrations.CreateModel(
            name="SettledName",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "updated_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                ("name_key", models.CharField(max_length=200)),
                (
                    "country",
                    models.CharField(
                        blank=True, help_text="ISO alpha-2; blank: any.", max_length=2
                    ),
                ),
                ("written_name", models.CharField(max_length=200)),
                (
                    "geonames_id",
                    models.PositiveIntegerField(
                        help_text="The city meant (a confirmed place's own id).",
                        verbose_name="GeoNames id",
                    ),
                ),
                (
                    "confirmed_new",
                    models.BooleanField(
                        default=False,
                        help_text="Confirmed as a place the gazetteer does not have.",
                    ),
                ),
            ],
            options={
                "ordering": ["name_key", "country"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("name_key", "country"),
                        name="settled_name_once",
                        violation_error_code="duplicate",
                        violation_error_message="This name is already settled in this country.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ProvisionalPlace",
            fields=[
                ("version", models.PositiveIntegerField(default=1, editable=False)),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "updated_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "city",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="review",
                        serialize=False,
                        to="geo.city",
                    ),
                ),
                (
                    "written_name",
                    models.CharField(help_text="The name as the source wrote it.", max_length=200),
                ),
                ("written_country", models.CharField(blank=True, max_length=100)),
                ("name_key", models.CharField(db_index=True, max_length=200)),
                (
                    "latitude",
                    models.FloatField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(-90),
                            django.core.validators.MaxValueValidator(90),
                        ],
                    ),
                ),
                (
                    "longitude",
                    models.FloatField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(-180),
                            django.core.validators.MaxValueValidator(180),
                        ],
                    ),
                ),
                (
                    "approximate_point",
                    models.BooleanField(
                        default=False,
                        help_text="The source gives no point: the place is shown at its country's capital (or its biggest city) until settled.",
                    ),
                ),
                (
                    "reason",
                    models.CharField(
                        choices=[
                            ("unmatched", "no city of that name"),
                            ("ambiguous", "several candidates"),
                            ("too-far", "too far from the source's point"),
                            ("not-a-city", "the name says it is not a city"),
                        ],
                        max_length=12,
                    ),
                ),
                ("note", models.TextField(blank=True, help_text="What the resolver said.")),
                (
                    "candidates",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="The gazetteer places the name could mean, with their distance in km to the source's point when it gives one.",
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[("open", "open"), ("settled", "settled")],
                        default="open",
                        max_length=10,
                    ),
                ),
                (
                    "import_run",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="runs.run",
                    ),
                ),
            ],
            options={
                "verbose_name": "provisional place",
                "ordering": ["written_name", "city_id"],
            },
        ),
    ]
