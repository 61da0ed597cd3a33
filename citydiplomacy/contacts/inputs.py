"""API and CLI input (office slugs, GeoNames ids, ISO codes) turned into contact service calls.

Who may write is the services' write gate's answer (`core.history.gate`), the same for the
CLI's `--user` as for the API's signed-in user; these functions only parse.
"""

from typing import Any

from django.core.exceptions import ValidationError

from citydiplomacy.contacts.models import ConsularPost, Contact
from citydiplomacy.contacts.schemas import (
    ConsularPostIn,
    ConsularPostPatch,
    ContactIn,
    ContactPatch,
)
from citydiplomacy.contacts.services import (
    consular_post_create,
    consular_post_delete,
    consular_post_update,
    contact_create,
    contact_delete,
    contact_update,
)
from citydiplomacy.core.history.services import Actor
from citydiplomacy.geo.services import city_by_id, country_by_code
from citydiplomacy.offices.inputs import office_for_writing
from citydiplomacy.offices.models import Office
from citydiplomacy.organisations.services import organisation_by_slug


def _references(changes: dict[str, Any]) -> dict[str, Any]:
    """Replace ids and codes in `changes` by the records they name (None stays None)."""
    resolved = dict(changes)
    if resolved.get("organisation"):
        resolved["organisation"] = organisation_by_slug(resolved["organisation"])
    if resolved.get("city") is not None:
        resolved["city"] = city_by_id(resolved["city"], "city")
    if resolved.get("country"):
        resolved["country"] = country_by_code(resolved["country"], "country")
    for name in ("organisation", "country"):
        if name in resolved and not resolved[name]:
            resolved[name] = None
    return resolved


def holder_in(office: Office | int, value: int | None) -> Contact | None:
    if value is None:
        return None
    office_id = office if isinstance(office, int) else office.pk
    holder = Contact.objects.filter(pk=value, office_id=office_id).first()
    if holder is None:
        raise ValidationError({"holder": f"No contact {value} in this office."}, code="unknown")
    return holder


def create_contact(data: ContactIn, actor: Actor) -> Contact:
    office = office_for_writing(data.office, actor)
    values = _references(data.model_dump(exclude={"office"}))
    return contact_create(office=office, actor=actor, **values)


def update_contact(contact: Contact, data: ContactPatch, actor: Actor) -> Contact:
    changes = _references(data.model_dump(exclude_unset=True, exclude={"version"}))
    return contact_update(contact, actor=actor, expected_version=data.version, **changes)


def delete_contact(contact: Contact, actor: Actor, version: int | None) -> None:
    contact_delete(contact, actor=actor, expected_version=version)


def create_post(data: ConsularPostIn, actor: Actor) -> ConsularPost:
    office = office_for_writing(data.office, actor)
    values = data.model_dump(exclude={"office", "country", "holder"})
    return consular_post_create(
        office=office,
        country=country_by_code(data.country, "country"),
        holder=holder_in(office, data.holder),
        actor=actor,
        **values,
    )


def update_post(post: ConsularPost, data: ConsularPostPatch, actor: Actor) -> ConsularPost:
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    if changes.get("country"):
        changes["country"] = country_by_code(changes["country"], "country")
    if "holder" in changes:
        changes["holder"] = holder_in(post.office_id, changes["holder"])
    return consular_post_update(post, actor=actor, expected_version=data.version, **changes)


def delete_post(post: ConsularPost, actor: Actor, version: int | None) -> None:
    consular_post_delete(post, actor=actor, expected_version=version)
