"""Reading contacts and consular posts (always through `offices.visibility`), and exports of one
person's data."""

import re
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from citydiplomacy.contacts.models import ConsularPost, Contact
from citydiplomacy.contacts.schemas import ContactOut
from citydiplomacy.core.history.models import ChangeRecord
from citydiplomacy.core.history.schemas import ChangeRecordOut
from citydiplomacy.core.schemas import dump
from citydiplomacy.offices.visibility import visible

# Shorter names would match inside unrelated words and text.
MIN_NEEDLE = 3


def contacts() -> QuerySet[Contact]:
    return Contact.objects.select_related("office", "organisation", "city", "country")


def visible_contacts(user: Any) -> QuerySet[Contact]:
    return visible(contacts(), user)


def consular_posts() -> QuerySet[ConsularPost]:
    return ConsularPost.objects.select_related("office", "country", "holder")


def visible_consular_posts(user: Any) -> QuerySet[ConsularPost]:
    return visible(consular_posts(), user)


def identifying_strings(contact: Contact) -> list[str]:
    """What identifies the person in free text: their name and each part of it (a note may
    say just "Quaxworth"), their e-mail and phone number. Longest first, so that a full name
    is matched before its parts."""
    parts = [p.strip(".,") for p in contact.name.split()]
    # Parts of four letters or more: "Klara Weiss" gives Klara and Weiss, not "de" or "Li".
    values = (contact.name, contact.email, contact.phone, *(p for p in parts if len(p) >= 4))
    return sorted({v.strip() for v in values if len(v.strip()) >= MIN_NEEDLE}, key=len)[::-1]


def mention_pattern(needles: list[str]) -> re.Pattern[str] | None:
    """A pattern matching any of `needles` as a whole word or phrase, whatever the case."""
    if not needles:
        return None
    alternatives = "|".join(re.escape(needle) for needle in needles)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def mentions(field_names: tuple[str, ...], needles: list[str]) -> Q:
    """Rows whose text fields contain one of `needles` (narrowed further by `mention_pattern`)."""
    condition = Q(pk__in=[])
    for name in field_names:
        for needle in needles:
            condition |= Q(**{f"{name}__icontains": needle})
    return condition


def contact_export(contact: Contact) -> dict[str, Any]:
    """Everything the office holds about one person, for a subject access request: the
    contact, what each registered personal-data handler finds, and the contact's history."""
    from citydiplomacy.contacts.personal_data import Subject
    from citydiplomacy.core import extensions

    subject = Subject.of(contact)
    history = ChangeRecord.objects.select_related("content_type").filter(
        content_type=ContentType.objects.get_for_model(Contact), object_id=str(contact.pk)
    )
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "contact": dump(ContactOut, contact),
    }
    for handler in extensions.personal_data:
        data.update(handler.export(subject))
    data["history"] = [dump(ChangeRecordOut, record) for record in history]
    return data


CONTACT_COLUMNS = [
    "id",
    "office",
    "name",
    "kind",
    "title",
    "organisation_name",
    "organisation",
    "city_geonames_id",
    "city",
    "country",
    "languages",
    "email",
    "phone",
]


def contact_row(c: Contact) -> dict[str, Any]:
    """A contact as a row of the office's address-book export."""
    return {
        "id": c.pk,
        "office": c.office.slug,
        "name": c.name,
        "kind": c.kind,
        "title": c.title,
        "organisation_name": c.organisation_name,
        "organisation": c.organisation.slug if c.organisation else "",
        "city_geonames_id": c.city_id or "",
        "city": c.city.name if c.city else "",
        "country": c.country_id or "",
        "languages": c.languages,
        "email": c.email,
        "phone": c.phone,
    }
