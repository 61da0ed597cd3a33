"""A contact's personal data in protocol records: what the export shows and erasure removes.

A subject (see `contacts.erasure`) names the office, the contact (`record`), the strings that
identify the person (`needles`) and a pattern matching them. Visits, delegations, programme
participants and gifts that link the contact, or mention the person in their text, belong to
the export; erasure unlinks them and replaces the mentions by "[erased]", each through a
recorded update, so the office's history shows the change.
"""

from typing import Any

from django.db import models
from django.db.models import Q

from citydiplomacy.contacts.selectors import mentions
from citydiplomacy.core.history.services import update_recorded
from citydiplomacy.core.schemas import dump
from citydiplomacy.protocol.models import DelegationMember, Gift, Participant, ProgrammeItem, Visit
from citydiplomacy.protocol.schemas import DelegationMemberOut, GiftOut, ParticipantOut
from citydiplomacy.protocol.services import detach_contact

REDACTED = "[erased]"

# Each model, the fields that link a contact, and the text fields that may mention them.
LINKS: dict[type[models.Model], tuple[str, ...]] = {
    Visit: ("requester_contact", "principal_contact"),
    DelegationMember: ("contact",),
    Participant: ("contact",),
    Gift: ("giver_contact", "recipient_contact"),
    ProgrammeItem: (),
}


def _text_fields(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and not field.choices
    )


def _naming(model: type[models.Model], subject: Any) -> Any:
    condition = Q(pk__in=[])
    for field in LINKS[model]:
        condition |= Q(**{field: subject.record})
    if subject.needles:
        condition |= mentions(_text_fields(model), subject.needles)
    return model._default_manager.filter(condition, office_id=subject.office_id)


def export(subject: Any) -> dict[str, Any]:
    visits = _naming(Visit, subject).select_related("engagement")
    return {
        "visits": [
            {
                "id": visit.pk,
                "title": visit.engagement.title,
                "status": visit.status,
                "starts_on": visit.starts_on.isoformat(),
                "requester": visit.requester_contact_id == subject.record.pk,
                "principal": visit.principal_contact_id == subject.record.pk,
                "requester_name": visit.requester_name,
                "principal_name": visit.principal,
                "purpose": visit.purpose,
            }
            for visit in visits
        ],
        "delegations": [
            dump(DelegationMemberOut, m)
            for m in _naming(DelegationMember, subject).select_related("contact")
        ],
        "programme_participants": [
            dump(ParticipantOut, p) for p in _naming(Participant, subject).select_related("contact")
        ],
        "gifts": [
            dump(GiftOut, g)
            for g in _naming(Gift, subject).select_related(
                "office", "giver_contact", "recipient_contact"
            )
        ],
    }


def erase(subject: Any, actor: Any) -> None:
    detach_contact(subject.record, actor)
    if subject.pattern is None:
        return
    for model in LINKS:
        fields = _text_fields(model)
        for obj in _naming(model, subject):
            changed = False
            for name in fields:
                value = getattr(obj, name)
                if value and subject.pattern.search(value):
                    limit = getattr(model._meta.get_field(name), "max_length", None)
                    text = subject.pattern.sub(REDACTED, value)
                    setattr(obj, name, text[:limit] if limit else text)
                    changed = True
            if changed:
                update_recorded(obj, actor=actor, expected_version=None)
