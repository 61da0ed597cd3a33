"""An office's contacts (people outside it) and the consular corps of its city."""

from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "citydiplomacy.contacts"
    label = "contacts"
    verbose_name = "Contacts"
    layer = "office"

    def ready(self) -> None:
        from citydiplomacy.contacts import registrations
        from citydiplomacy.contacts.services import contacts_detach_from
        from citydiplomacy.core.history.hooks import before_delete

        before_delete(contacts_detach_from)
        registrations.register()
