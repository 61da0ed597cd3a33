"""The contacts app's private kinds for the privacy matrix: contacts and consular posts,
each with a made-up example and the pages that show it."""

from typing import Any

from citydiplomacy.contacts.models import ConsularPost, Contact
from citydiplomacy.core.extensions import PrivateKind, PrivatePath
from citydiplomacy.geo.models import City, Country


def _contact(office: Any, actor: Any, marker: str) -> Contact:
    from citydiplomacy.contacts.services import contact_create

    return contact_create(
        office=office,
        name=f"{marker} Quaxworth",
        kind="foreign-official",
        title="Deputy Mayor",
        city=City.objects.order_by("-population").first(),
        email="zq@example.org",
        actor=actor,
    )


def _contact_paths(contact: Contact) -> list[PrivatePath]:
    page = f"/contacts/{contact.pk}/"
    return [
        PrivatePath(page),
        PrivatePath(f"{page}?format=json"),
        PrivatePath(f"{page}edit/", member_sees=False),
        PrivatePath(f"{page}export/", member_sees=False),
        PrivatePath(f"/api/personal-data/contacts/{contact.pk}", False, outsider=(401, 404)),
        # The office's partner page for the contact's city lists its contacts there.
        *(
            [PrivatePath(f"/offices/{contact.office.slug}/timeline/cities/{contact.city_id}/")]
            if contact.city_id
            else []
        ),
    ]


def _post(office: Any, actor: Any, marker: str) -> ConsularPost:
    from citydiplomacy.contacts.services import consular_post_create

    return consular_post_create(
        office=office,
        country=Country.objects.get(pk="JP"),
        holder_title=f"Consul General {marker}",
        note=f"Call {marker} before visits.",
        actor=actor,
    )


def _post_paths(post: ConsularPost) -> list[PrivatePath]:
    page = f"/consular-posts/{post.pk}/"
    return [
        PrivatePath(page),
        PrivatePath(f"{page}?format=json"),
        PrivatePath(f"{page}edit/", member_sees=False),
    ]


KINDS = [
    PrivateKind("contact", Contact, _contact, _contact_paths, searchable=True, order=10),
    PrivateKind("consular-post", ConsularPost, _post, _post_paths, order=20),
]
