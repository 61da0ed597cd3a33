"""Change history: who changed what, when, with the values before and after."""

from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "citydiplomacy.core.history"
    label = "history"
    verbose_name = "History"
