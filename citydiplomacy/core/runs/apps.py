"""Runs: one record per piece of long work (an import, an analytics rebuild, a report)."""

from django.apps import AppConfig


class RunsConfig(AppConfig):
    name = "citydiplomacy.core.runs"
    label = "runs"
    verbose_name = "Runs"
    layer = "core"
