"""Users: login, logout, the first user created from the CLI."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "citydiplomacy.core.accounts"
    label = "accounts"
    verbose_name = "Accounts"
