"""The registry as a whole: home page, search, statistics, exports, init."""

from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "citydiplomacy.site"
    label = "registry"
    verbose_name = "Site"
