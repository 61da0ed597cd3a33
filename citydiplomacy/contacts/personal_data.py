"""A person's data across the office's records: the subject of an export or erasure request,
and the contacts app's own handler (consular posts held, other contacts mentioning them).

`contact_export` and `contact_erase` (erasure.py) ask every registered handler
(`extensions.personal_data`), so a new kind of office record that names people joins both
by registering its handler; neither names another app.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.db import models

from citydiplomacy.contacts.models import ConsularPost, Contact
from citydiplomacy.contacts.schemas import ConsularPostOut
from citydiplomacy.contacts.selectors import consular_posts, identifying_strings, mention_pattern
from citydiplomacy.core.extensions import PersonalDataHandler
from citydiplomacy.core.history.services import Actor, update_recorded
from citydiplomacy.core.schemas import dump

REDACTED = "[erased]"


@dataclass(frozen=True)
class Subject:
    """The person a request is about: their contact record, and what identifies them in text."""

    record: Contact
    needles: list[str]
    pattern: re.Pattern[str] | None

    @property
    def office_id(self) -> int:
        return self.record.office_id

    @classmethod
    def of(cls, contact: Contact) -> "Subject":
        needles = identifying_strings(contact)
        return cls(contact, needles, mention_pattern(needles))

    def mentioned_in(self, value: str) -> bool:
        return bool(value) and self.pattern is not None and bool(self.pattern.search(value))


def text_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and not field.choices
    ]


def redact_mentions(subject: Subject, rows: Any, actor: Actor) -> None:
    """Replace mentions of the person in the text fields of `rows`, each as a recorded edit."""
    if subject.pattern is None:
        return
    for obj in rows:
        changed = False
        for field in text_fields(type(obj)):
            value = getattr(obj, field.attname)
            if subject.mentioned_in(value):
                text = subject.pattern.sub(REDACTED, value)
                setattr(obj, field.attname, text[: field.max_length] if field.max_length else text)
                changed = True
        if changed:
            update_recorded(obj, actor=actor, expected_version=None)


def _export(subject: Subject) -> dict[str, Any]:
    posts = consular_posts().filter(holder=subject.record)
    return {"consular_posts": [dump(ConsularPostOut, p) for p in posts]}


def _erase(subject: Subject, actor: Actor) -> None:
    for post in ConsularPost.objects.filter(holder=subject.record):
        post.holder = None
        update_recorded(post, actor=actor, expected_version=None)
    if subject.pattern is None:
        return
    office_rows = {
        ConsularPost: ConsularPost.objects.filter(office_id=subject.office_id),
        Contact: Contact.objects.filter(office_id=subject.office_id).exclude(pk=subject.record.pk),
    }
    for model, rows in office_rows.items():
        names = tuple(f.name for f in text_fields(model))
        redact_mentions(subject, rows.filter(mentions_of(subject, names)), actor)


def mentions_of(subject: Subject, field_names: tuple[str, ...]) -> models.Q:
    from citydiplomacy.contacts.selectors import mentions

    return mentions(field_names, subject.needles)


def _example(contact: Contact, actor: Actor) -> ConsularPost:
    from citydiplomacy.contacts.services import consular_post_create
    from citydiplomacy.geo.models import Country

    return consular_post_create(
        office=contact.office,
        country=Country.objects.get(pk="JP"),
        holder=contact,
        note=f"Ask {contact.name} about the visa rules.",
        actor=actor,
    )


HANDLER = PersonalDataHandler("contacts", _export, _erase, _example, order=10)
