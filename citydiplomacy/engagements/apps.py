"""The engagement log of an office (meetings, delegations, missions, calls) and its follow-ups."""

from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "citydiplomacy.engagements"
    label = "engagements"
    verbose_name = "Engagements"
