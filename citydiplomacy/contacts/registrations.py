"""What the contacts app contributes (all private to an office): pages, API entities and the
personal-data operations, contact search and options, the address-book export and the
personal-data handler of contacts and consular posts."""

from typing import Any

from citydiplomacy.core import extensions as ext
from citydiplomacy.core.schemas import dump


def _search(text: str, limit: int, user: Any) -> list[dict[str, Any]]:
    from citydiplomacy.contacts.schemas import ContactRef
    from citydiplomacy.contacts.selectors import visible_contacts

    found = visible_contacts(user).filter(name__icontains=text).order_by("name")[:limit]
    return [{**dump(ContactRef, c), "label": c.name, "detail": c.title} for c in found]


def _options(text: str, user: Any) -> list[dict[str, Any]]:
    from citydiplomacy.contacts.selectors import visible_contacts

    contacts = visible_contacts(user).filter(name__icontains=text)[:20]
    return [
        {"value": c.pk, "label": f"{c.name}, {c.title}" if c.title else c.name} for c in contacts
    ]


def _personal_data_router() -> Any:
    from citydiplomacy.contacts.api import personal_data

    return personal_data


def register() -> None:
    from citydiplomacy.contacts import api, personal_data, privacy
    from citydiplomacy.contacts.filtersets import ContactFilterSet
    from citydiplomacy.contacts.selectors import CONTACT_COLUMNS, contact_row, visible_contacts

    ext.urls.register(ext.UrlInclude("contacts", "citydiplomacy.contacts.urls", order=110))
    ext.entities.register(api.CONTACT)
    ext.entities.register(api.CONSULAR_POST)
    ext.api_routers.register(
        ext.ApiRouter("personal-data", "personal-data", _personal_data_router, order=130)
    )
    ext.search.register(
        ext.SearchProvider(
            "contacts", "Your offices' contacts", "contact", _search, order=50, private=True
        )
    )
    ext.options.register(ext.OptionProvider("contact", _options, private=True))
    ext.exports.register(
        ext.ExportDataset(
            name="contacts",
            filterset=ContactFilterSet,
            records=visible_contacts,
            row=contact_row,
            columns=tuple(CONTACT_COLUMNS),
            private=True,
            order=50,
        )
    )
    ext.personal_data.register(personal_data.HANDLER)
    for kind in privacy.KINDS:
        ext.private_kinds.register(kind)
    from citydiplomacy.contacts import examples

    for example in examples.EXAMPLES:
        ext.examples.register(example)
