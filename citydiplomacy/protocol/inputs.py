"""API and CLI input (ids, slugs, usernames) turned into protocol service calls.

Records named by id are looked up among those the acting user may see, so an id from another
office reads as unknown; each service then checks the actor's role in the record's office.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.contacts.models import Contact
from citydiplomacy.core.history.services import Actor
from citydiplomacy.engagements.models import Engagement
from citydiplomacy.geo.services import city_by_id
from citydiplomacy.offices.inputs import office_for_writing
from citydiplomacy.offices.visibility import visible
from citydiplomacy.organisations.models import Organisation
from citydiplomacy.protocol import services
from citydiplomacy.protocol.models import (
    DelegationMember,
    Gift,
    Participant,
    ProgrammeItem,
    Visit,
)
from citydiplomacy.protocol.schemas import (
    DebriefIn,
    DelegationMemberIn,
    DelegationMemberPatch,
    GiftIn,
    GiftPatch,
    ParticipantIn,
    ParticipantPatch,
    ProgrammeItemIn,
    ProgrammeItemPatch,
    TransitionIn,
    VisitIn,
    VisitPatch,
)

CONTACT_FIELDS = (
    "requester_contact",
    "principal_contact",
    "contact",
    "giver_contact",
    "recipient_contact",
)


def _one[M: Model](rows: QuerySet[M], key: Any, field: str, what: str) -> M:
    found = rows.filter(pk=key).first()
    if found is None:
        raise ValidationError({field: f"No {what} {key} in your offices."}, code="unknown")
    return found


def _resolve(values: dict[str, Any], actor: Actor, office_id: int | None) -> dict[str, Any]:
    """Ids and slugs in `values` as records (only those of the actor's offices)."""
    resolved = dict(values)
    contacts = visible(Contact.objects.all(), actor.user)
    if office_id is not None:
        contacts = contacts.filter(office_id=office_id)
    for field in CONTACT_FIELDS:
        if resolved.get(field) is not None:
            resolved[field] = _one(contacts, resolved[field], field, "contact")
    if resolved.get("city") is not None:
        resolved["city"] = city_by_id(resolved["city"], "city")
    slug = resolved.get("requester_organisation")
    if slug is not None:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise ValidationError({"requester_organisation": f"No organisation {slug!r}."})
        resolved["requester_organisation"] = organisation
    if resolved.get("visit") is not None:
        resolved["visit"] = _one(
            visible(Visit.objects.all(), actor.user), resolved["visit"], "visit", "visit"
        )
    if resolved.get("engagement") is not None:
        resolved["engagement"] = _one(
            visible(Engagement.objects.all(), actor.user),
            resolved["engagement"],
            "engagement",
            "engagement",
        )
    return resolved


def create_visit(data: VisitIn, actor: Actor) -> Visit:
    office = office_for_writing(data.office, actor)
    values = _resolve(data.model_dump(exclude={"office"}), actor, office.pk)
    if values.get("received_on") is None:
        values.pop("received_on", None)
    return services.visit_request(office=office, actor=actor, **values)


def update_visit(visit: Visit, data: VisitPatch, actor: Actor) -> Visit:
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    changes = _resolve(changes, actor, visit.office_id)
    return services.visit_update(visit, actor=actor, expected_version=data.version, **changes)


def delete_visit(visit: Visit, actor: Actor, version: int | None) -> None:
    services.visit_delete(visit, actor=actor, expected_version=version)


def transition_visit(visit: Visit, data: TransitionIn, actor: Actor) -> Visit:
    return services.visit_transition(
        visit, status=data.status, reason=data.reason, actor=actor, expected_version=data.version
    )


def debrief_visit(visit: Visit, data: DebriefIn, actor: Actor) -> Visit:
    agreements = None
    if data.agreements is not None:
        found = Agreement.objects.in_bulk(data.agreements)
        missing = [key for key in data.agreements if key not in found]
        if missing:
            raise ValidationError({"agreements": f"Unknown agreements: {missing}."})
        agreements = [found[key] for key in data.agreements]
    return services.visit_debrief(
        visit,
        debrief=data.debrief,
        outcomes=data.outcomes,
        agreements=agreements,
        actor=actor,
        expected_version=data.version,
    )


def create_delegation_member(data: DelegationMemberIn, actor: Actor) -> DelegationMember:
    values = _resolve(data.model_dump(), actor, None)
    visit = values.pop("visit")
    return services.delegation_member_create(visit=visit, actor=actor, **values)


def update_delegation_member(
    member: DelegationMember, data: DelegationMemberPatch, actor: Actor
) -> DelegationMember:
    changes = _resolve(
        data.model_dump(exclude_unset=True, exclude={"version"}), actor, member.office_id
    )
    return services.delegation_member_update(
        member, actor=actor, expected_version=data.version, **changes
    )


def delete_delegation_member(member: DelegationMember, actor: Actor, version: int | None) -> None:
    services.delegation_member_delete(member, actor=actor, expected_version=version)


def create_programme_item(data: ProgrammeItemIn, actor: Actor) -> ProgrammeItem:
    values = _resolve(data.model_dump(), actor, None)
    visit = values.pop("visit")
    return services.programme_item_create(visit=visit, actor=actor, **values)


def update_programme_item(
    item: ProgrammeItem, data: ProgrammeItemPatch, actor: Actor
) -> ProgrammeItem:
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    return services.programme_item_update(
        item, actor=actor, expected_version=data.version, **changes
    )


def delete_programme_item(item: ProgrammeItem, actor: Actor, version: int | None) -> None:
    services.programme_item_delete(item, actor=actor, expected_version=version)


def create_participant(data: ParticipantIn, actor: Actor) -> Participant:
    values = data.model_dump()
    item = _one(
        visible(ProgrammeItem.objects.all(), actor.user),
        values.pop("item"),
        "item",
        "programme item",
    )
    values = _resolve(values, actor, item.office_id)
    return services.participant_create(item=item, actor=actor, **values)


def update_participant(
    participant: Participant, data: ParticipantPatch, actor: Actor
) -> Participant:
    changes = _resolve(
        data.model_dump(exclude_unset=True, exclude={"version"}), actor, participant.office_id
    )
    return services.participant_update(
        participant, actor=actor, expected_version=data.version, **changes
    )


def delete_participant(participant: Participant, actor: Actor, version: int | None) -> None:
    services.participant_delete(participant, actor=actor, expected_version=version)


def create_gift(data: GiftIn, actor: Actor) -> Gift:
    office = office_for_writing(data.office, actor)
    values = _resolve(data.model_dump(exclude={"office"}), actor, office.pk)
    return services.gift_create(office=office, actor=actor, **values)


def update_gift(gift: Gift, data: GiftPatch, actor: Actor) -> Gift:
    changes = _resolve(
        data.model_dump(exclude_unset=True, exclude={"version"}), actor, gift.office_id
    )
    return services.gift_update(gift, actor=actor, expected_version=data.version, **changes)


def delete_gift(gift: Gift, actor: Actor, version: int | None) -> None:
    services.gift_delete(gift, actor=actor, expected_version=version)
