"""The controlled vocabulary of topics shared by networks and engagements."""

from django.db import migrations

TOPICS = [
    ("climate", "Climate"),
    ("energy", "Energy"),
    ("resilience", "Resilience"),
    ("environment", "Environment"),
    ("water", "Water"),
    ("security", "Security and preventing violent extremism"),
    ("peace", "Peace"),
    ("democracy", "Democracy"),
    ("human-rights", "Human rights"),
    ("inclusion", "Inclusion and LGBTI+ equality"),
    ("gender-equity", "Gender equity"),
    ("migration", "Migration"),
    ("public-health", "Public health"),
    ("culture", "Culture and creativity"),
    ("tourism", "Tourism"),
    ("trade-investment", "Trade and investment"),
    ("economic-development", "Economic development"),
    ("transport", "Transport and mobility"),
    ("urban-planning", "Urban planning and housing"),
    ("infrastructure", "Infrastructure"),
    ("technology", "Technology and innovation"),
    ("education", "Education"),
    ("governance", "Local governance"),
    ("sdgs", "Sustainable development goals"),
]


def add_topics(apps, schema_editor):
    topic = apps.get_model("organisations", "Topic")
    for slug, name in TOPICS:
        topic.objects.update_or_create(slug=slug, defaults={"name": name})


def remove_topics(apps, schema_editor):
    apps.get_model("organisations", "Topic").objects.filter(
        slug__in=[s for s, _ in TOPICS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(add_topics, remove_topics)]
