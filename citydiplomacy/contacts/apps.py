"""An office's contacts (people outside it) and the consular corps of its city."""

from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "citydiplomacy.contacts"
    label = "contacts"
    verbose_name = "Contacts"
