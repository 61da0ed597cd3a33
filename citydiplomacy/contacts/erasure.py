"""Erasing a person's personal data on request (the right to erasure).

`contact_erase` removes the contact and every trace of the person the office holds: each
registered personal-data handler (`extensions.personal_data`) unlinks and redacts its
records (each change recorded in the history, as for any change), then the contact goes and
the values of the office's change history are scrubbed of the person. What remains is one
change record saying that the contact was erased on request, by whom and when; nothing else
about the person.
"""

import dataclasses
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction

from citydiplomacy.contacts.models import Contact
from citydiplomacy.contacts.personal_data import REDACTED, Subject
from citydiplomacy.core import extensions
from citydiplomacy.core.history.models import ChangeAction, ChangeRecord
from citydiplomacy.core.history.services import Actor, record_change
from citydiplomacy.offices.visibility import can_manage

ERASED_LABEL = "personal data erased on request"
ERASURE_NEEDS_ADMIN = "Erasing a person's data needs the office admin role."


def erasure_refusal(user: Any, contact: Contact) -> str:
    """Why `user` may not erase `contact` ("" when they may): only the office's admins, and
    always a named person, since an erasure cannot be undone."""
    return "" if can_manage(user, contact.office_id) else ERASURE_NEEDS_ADMIN


def contact_erase(contact: Contact, *, actor: Actor) -> None:
    """Erase `contact` and every trace of the person in the office's records and history."""
    refused = erasure_refusal(actor.user, contact)
    if refused:
        raise PermissionDenied(refused)
    subject = Subject.of(contact)
    eraser = dataclasses.replace(actor, label=ERASED_LABEL)
    with transaction.atomic():
        for handler in extensions.personal_data:
            handler.erase(subject, eraser)
        pk = contact.pk
        Contact.objects.filter(pk=pk).delete()
        tombstone = f"contact {pk} (erased)"
        ChangeRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(Contact), object_id=str(pk)
        ).update(before=None, after=None, object_repr=tombstone)
        if subject.pattern is not None:
            _redact_history(contact.office_id, subject.pattern)
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
