from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="officeheld",
            constraint=models.UniqueConstraint(
                condition=models.Q(("organisation", None)),
                fields=("person", "role", "city", "start"),
                name="office_term_unique_in_city",
                violation_error_code="duplicate",
                violation_error_message="This person already holds this office from that date.",
            ),
        ),
        migrations.AddConstraint(
            model_name="officeheld",
            constraint=models.UniqueConstraint(
                condition=models.Q(("city", None)),
                fields=("person", "role", "organisation", "start"),
                name="office_term_unique_in_organisation",
                violation_error_code="duplicate",
                violation_error_message="This person already holds this office from that date.",
            ),
        ),
        migrations.AddConstraint(
            model_name="officeheld",
            constraint=models.UniqueConstraint(
                fields=("person", "role", "city", "organisation", "start"),
                name="office_term_unique_in_city_and_organisation",
                violation_error_code="duplicate",
                violation_error_message="This person already holds this office from that date.",
            ),
        ),
    ]
