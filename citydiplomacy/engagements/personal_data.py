"""The engagement log's part in a person's data requests: the engagements they took part
in or are named in, and the follow-ups naming them (export); unlinking and redaction
(erasure). Registered in `extensions.personal_data`; see contacts.personal_data."""

from typing import Any

from django.db.models import Q

from citydiplomacy.contacts.personal_data import Subject, mentions_of, redact_mentions
from citydiplomacy.core.extensions import PersonalDataHandler
from citydiplomacy.core.history.services import Actor, update_recorded
from citydiplomacy.core.schemas import dump
from citydiplomacy.engagements.models import Engagement, FollowUp
from citydiplomacy.engagements.schemas import FollowUpOut

ENGAGEMENT_TEXT = ("title", "summary", "outcomes", "venue")


def _export(subject: Subject) -> dict[str, Any]:
    contact = subject.record
    engagements = Engagement.objects.filter(office_id=subject.office_id).filter(
        Q(contacts=contact) | mentions_of(subject, ENGAGEMENT_TEXT)
    )
    follow_ups = FollowUp.objects.filter(office_id=subject.office_id).filter(
        mentions_of(subject, ("what",))
    )
    return {
        "engagements": [
            {
                "id": e.pk,
                "title": e.title,
                "kind": e.kind,
                "starts_on": e.starts_on.isoformat(),
                "ends_on": e.ends_on.isoformat() if e.ends_on else None,
                "participant": e.contacts.filter(pk=contact.pk).exists(),
                "summary": e.summary,
                "outcomes": e.outcomes,
            }
            for e in engagements.distinct().order_by("starts_on", "id")
        ],
        "follow_ups": [
            dump(FollowUpOut, f)
            for f in follow_ups.select_related("office", "engagement", "owner")
            if subject.mentioned_in(f.what)
        ],
    }


def detach_contact(contact: Any, actor: Actor) -> None:
    """Take a contact out of the engagements they took part in, each change recorded."""
    for engagement in Engagement.objects.filter(contacts=contact):
        update_recorded(
            engagement,
            actor=actor,
            expected_version=None,
            save_related=lambda saved: saved.contacts.remove(contact),
        )


def _erase(subject: Subject, actor: Actor) -> None:
    detach_contact(subject.record, actor)
    for model in (Engagement, FollowUp):
        from citydiplomacy.contacts.personal_data import text_fields

        names = tuple(f.name for f in text_fields(model))
        rows = model._default_manager.filter(office_id=subject.office_id)
        redact_mentions(subject, rows.filter(mentions_of(subject, names)), actor)


def _example(contact: Any, actor: Actor) -> FollowUp:
    import datetime as dt

    from citydiplomacy.engagements.services import engagement_create, follow_up_create
    from citydiplomacy.offices.models import OfficeMembership

    engagement = engagement_create(
        office=contact.office,
        kind="bilateral-meeting",
        title=f"Lunch with {contact.name}",
        starts_on=dt.date(2026, 4, 1),
        contacts=[contact],
        actor=actor,
    )
    owner = OfficeMembership.objects.filter(office_id=contact.office_id).order_by("pk").first()
    assert owner is not None, "the example needs a member of the office to own the follow-up"
    return follow_up_create(
        engagement=engagement,
        what=f"Send {contact.name} the minutes",
        owner=owner.user,
        actor=actor,
    )


HANDLER = PersonalDataHandler("engagements", _export, _erase, _example, order=20)
