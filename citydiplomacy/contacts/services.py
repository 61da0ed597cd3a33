"""Recording, changing and deleting contacts and consular posts (erasure: `contacts.erasure`)."""

from typing import Any

from django.db import transaction
from django.db.models import Model

from citydiplomacy.contacts.models import ConsularPost, Contact, ContactKind, PostKind
from citydiplomacy.core.history.services import (
    Actor,
    assign_fields,
    create_recorded,
    delete_recorded,
    update_recorded,
)
from citydiplomacy.geo.models import City, Country
from citydiplomacy.offices.models import Office
from citydiplomacy.organisations.models import Organisation

CONTACT_EDITABLE = (
    "name",
    "kind",
    "title",
    "organisation_name",
    "organisation",
    "city",
    "country",
    "languages",
    "email",
    "phone",
    "notes",
)
CONSULAR_POST_EDITABLE = ("country", "kind", "holder", "holder_title", "since", "until", "note")


def contact_create(
    *,
    office: Office,
    name: str,
    kind: str = ContactKind.OTHER,
    title: str = "",
    organisation_name: str = "",
    organisation: Organisation | None = None,
    city: City | None = None,
    country: Country | None = None,
    languages: str = "",
    email: str = "",
    phone: str = "",
    notes: str = "",
    actor: Actor,
) -> Contact:
    contact = Contact(
        office=office,
        name=name,
        kind=kind,
        title=title,
        organisation_name=organisation_name,
        organisation=organisation,
        city=city,
        country=country,
        languages=languages,
        email=email,
        phone=phone,
        notes=notes,
    )
    return create_recorded(contact, actor=actor)


def contact_update(
    contact: Contact, *, actor: Actor, expected_version: int | None, **changes: Any
) -> Contact:
    assign_fields(contact, changes, CONTACT_EDITABLE)
    update_recorded(contact, actor=actor, expected_version=expected_version)
    return contact


def contact_detach(contact: Contact, *, actor: Actor) -> None:
    """Take the contact out of the posts they hold (other apps' records that link to the
    contact detach it in their `before_delete` hooks).

    Done record by record through the history, so the links a deletion removes stay traced.
    """
    for post in ConsularPost.objects.filter(holder=contact):
        post.holder = None
        update_recorded(post, actor=actor, expected_version=None)


def contact_delete(contact: Contact, *, actor: Actor, expected_version: int | None) -> None:
    with transaction.atomic():
        current = Contact.objects.select_for_update().get(pk=contact.pk)
        if expected_version is None or current.version == expected_version:
            contact_detach(contact, actor=actor)
        delete_recorded(contact, actor=actor, expected_version=expected_version)


def consular_post_create(
    *,
    office: Office,
    country: Country,
    kind: str = PostKind.CONSULATE_GENERAL,
    holder: Contact | None = None,
    holder_title: str = "",
    since: str = "",
    until: str = "",
    note: str = "",
    actor: Actor,
) -> ConsularPost:
    post = ConsularPost(
        office=office,
        country=country,
        kind=kind,
        holder=holder,
        holder_title=holder_title,
        since=since,
        until=until,
        note=note,
    )
    return create_recorded(post, actor=actor)


def consular_post_update(
    post: ConsularPost, *, actor: Actor, expected_version: int | None, **changes: Any
) -> ConsularPost:
    assign_fields(post, changes, CONSULAR_POST_EDITABLE)
    update_recorded(post, actor=actor, expected_version=expected_version)
    return post


def consular_post_delete(post: ConsularPost, *, actor: Actor, expected_version: int | None) -> None:
    delete_recorded(post, actor=actor, expected_version=expected_version)


def contacts_detach_from(obj: Model, actor: Any) -> None:
    """Before a registry organisation or city is deleted, unlink the contacts that name it.

    Each contact's change is recorded in its office's (private) history, so the deletion
    neither fails on, nor reveals, nor silently alters an office's records.
    """
    fields = {Organisation: "organisation", City: "city"}
    field = next((name for model, name in fields.items() if isinstance(obj, model)), None)
    if field is None:
        return
    for contact in Contact.objects.filter(**{field: obj}):
        setattr(contact, field, None)
        update_recorded(contact, actor=actor, expected_version=None)
