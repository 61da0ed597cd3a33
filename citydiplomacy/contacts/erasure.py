"""Erasing a person's personal data on request (the right to erasure).

`contact_erase` removes the contact and every trace of the person the office holds: the links
to the engagements they took part in and the posts they held (each unlinking recorded in the
history, as for any change), mentions of their name, e-mail or phone number in the office's
engagements, follow-ups, posts and other contacts, and the values of all of these in the change
history. What remains is one change record saying that the contact was erased on request, by
whom and when; nothing else about the person.
"""

import dataclasses
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from citydiplomacy.contacts.models import ConsularPost, Contact
from citydiplomacy.contacts.selectors import identifying_strings, mention_pattern, mentions
from citydiplomacy.contacts.services import contact_detach
from citydiplomacy.core import extensions
from citydiplomacy.core.history.models import ChangeAction, ChangeRecord
from citydiplomacy.core.history.services import Actor, record_change, update_recorded

ERASED_LABEL = "personal data erased on request"


@dataclasses.dataclass(frozen=True)
class PersonalDataSubject:
    """The person whose data a `core.extensions.PersonalDataHandler` exports or erases."""

    office_id: int
    record: Contact
    needles: list[str]
    pattern: Any


REDACTED = "[erased]"


def contact_erase(contact: Contact, *, actor: Actor) -> None:
    """Erase `contact` and every trace of the person in the office's records and history."""
    needles = identifying_strings(contact)
    pattern = mention_pattern(needles)
    eraser = dataclasses.replace(actor, label=ERASED_LABEL)
    with transaction.atomic():
        contact_detach(contact, actor=eraser)
        subject = PersonalDataSubject(contact.office_id, contact, needles, pattern)
        for handler in extensions.personal_data:
            handler.erase(subject, eraser)
        if pattern is not None:
            _redact_records(contact, needles, pattern, eraser)
        pk = contact.pk
        Contact.objects.filter(pk=pk).delete()
        tombstone = f"contact {pk} (erased)"
        ChangeRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(Contact), object_id=str(pk)
        ).update(before=None, after=None, object_repr=tombstone)
        if pattern is not None:
            _redact_history(contact.office_id, pattern)
        # The record of the erasure itself: who, when, which contact id; no personal data.
        contact.name = tombstone  # the record's name in the history
        record_change(
            actor=eraser,
            obj=contact,
            action=ChangeAction.DELETE,
            before=None,
            after=None,
            version=contact.version + 1,
        )


def _text_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and not field.choices
    ]


def _redacted(value: str, pattern: Any, max_length: int | None) -> str:
    text: str = pattern.sub(REDACTED, value)
    return text[:max_length] if max_length else text


def _redact_records(contact: Contact, needles: list[str], pattern: Any, actor: Actor) -> None:
    """Replace mentions of the person in the text of the office's records, recorded as edits."""
    from citydiplomacy.engagements.models import Engagement, FollowUp

    for model in (Contact, ConsularPost, Engagement, FollowUp):
        fields = _text_fields(model)
        rows = model._default_manager.filter(
            mentions(tuple(f.name for f in fields), needles), office_id=contact.office_id
        )
        if model is Contact:
            rows = rows.exclude(pk=contact.pk)
        for obj in rows:
            changed = False
            for field in fields:
                value = getattr(obj, field.attname)
                if value and pattern.search(value):
                    setattr(obj, field.attname, _redacted(value, pattern, field.max_length))
                    changed = True
            if changed:
                update_recorded(obj, actor=actor, expected_version=None)


def _scrub(value: Any, pattern: Any) -> Any:
    if isinstance(value, str):
        return pattern.sub(REDACTED, value)
    if isinstance(value, list):
        return [_scrub(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, pattern) for key, item in value.items()}
    return value


def _redact_history(office_id: int, pattern: Any) -> None:
    """Remove mentions of the person from the values in the office's change history."""
    changed = []
    records = ChangeRecord.objects.filter(private_to=office_id).only(
        "pk", "before", "after", "object_repr"
    )
    for record in records.iterator(chunk_size=2000):
        before = _scrub(record.before, pattern)
        after = _scrub(record.after, pattern)
        name = _scrub(record.object_repr, pattern)
        if (before, after, name) != (record.before, record.after, record.object_repr):
            record.before, record.after, record.object_repr = before, after, name
            changed.append(record)
    ChangeRecord.objects.bulk_update(changed, ["before", "after", "object_repr"], batch_size=500)
