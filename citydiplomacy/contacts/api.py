"""API of contacts and consular posts, and of one person's data (export and erasure)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Status

from citydiplomacy.contacts import inputs
from citydiplomacy.contacts.erasure import contact_erase
from citydiplomacy.contacts.filtersets import ConsularPostFilterSet, ContactFilterSet
from citydiplomacy.contacts.models import ConsularPost, Contact
from citydiplomacy.contacts.schemas import (
    ConsularPostIn,
    ConsularPostOut,
    ConsularPostPatch,
    ContactIn,
    ContactOut,
    ContactPatch,
)
from citydiplomacy.contacts.selectors import (
    contact_export,
    visible_consular_posts,
    visible_contacts,
)
from citydiplomacy.core.accounts.api_auth import signed_in
from citydiplomacy.core.crud import Entity
from citydiplomacy.core.history.models import Via
from citydiplomacy.core.history.services import Actor
from citydiplomacy.core.schemas import ErrorOut
from citydiplomacy.offices.visibility import can_write

CONTACT = Entity[Contact](
    name="contact",
    plural="contacts",
    title="Contacts",
    model=Contact,
    lookup="pk",
    out_schema=ContactOut,
    in_schema=ContactIn,
    patch_schema=ContactPatch,
    filterset=ContactFilterSet,
    queryset=visible_contacts,
    create=inputs.create_contact,
    update=inputs.update_contact,
    delete=inputs.delete_contact,
    private=True,
)

CONSULAR_POST = Entity[ConsularPost](
    name="consular-post",
    plural="consular-posts",
    title="Consular posts",
    model=ConsularPost,
    lookup="pk",
    out_schema=ConsularPostOut,
    in_schema=ConsularPostIn,
    patch_schema=ConsularPostPatch,
    filterset=ConsularPostFilterSet,
    queryset=visible_consular_posts,
    create=inputs.create_post,
    update=inputs.update_post,
    delete=inputs.delete_post,
    private=True,
)


personal_data = Router(tags=["Personal data"])


@personal_data.get(
    "/contacts/{key}",
    response={200: dict[str, Any], 403: ErrorOut, 404: ErrorOut},
    auth=signed_in,
    operation_id="contact_personal_data_export",
)
def export_contact(request: HttpRequest, key: str) -> Any:
    """Everything the office holds about one person (office editors and admins)."""
    contact = CONTACT.get(request.user, key)
    if not can_write(request.user, contact.office_id):
        raise PermissionDenied("Exporting a person's data needs the office editor or admin role.")
    return contact_export(contact)


@personal_data.post(
    "/contacts/{key}/erase",
    response={204: None, 403: ErrorOut, 404: ErrorOut},
    auth=signed_in,
    operation_id="contact_personal_data_erase",
)
def erase_contact(request: HttpRequest, key: str) -> Any:
    """Erase a person on request: the contact, mentions of them, and their history (admins)."""
    contact = CONTACT.get(request.user, key)
    contact_erase(contact, actor=Actor.from_request(request, Via.API))
    return Status(204, None)
