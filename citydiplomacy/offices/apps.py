"""International offices: a city's office of international affairs, its members and roles."""

from django.apps import AppConfig


class OfficesConfig(AppConfig):
    name = "citydiplomacy.offices"
    label = "offices"
    verbose_name = "Offices"
