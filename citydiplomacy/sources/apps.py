"""Provenance: the documents and datasets facts come from, and citations of them."""

from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "citydiplomacy.sources"
    label = "sources"
    verbose_name = "Sources"
