"""The contact picker that other lists' filters use (engagements, consular posts, visits)."""

from typing import Any

from citydiplomacy.contacts.selectors import visible_contacts
from citydiplomacy.core.pickers import PickerFilter, for_visitor


class ContactPickerFilter(PickerFilter):
    """One of the visitor's offices' contacts, picked by name; another office's contact is
    refused with the words an unknown id gets."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "With the contact")
        super().__init__(
            "contact",
            noun="contact of your offices",
            queryset=for_visitor(visible_contacts),
            **kwargs,
        )
