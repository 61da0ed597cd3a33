"""Recording, changing and deleting engagements and their follow-ups."""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.contacts.models import Contact
from citydiplomacy.core.history.services import (
    Actor,
    assign_fields,
    create_recorded,
    delete_recorded,
    update_recorded,
)
from citydiplomacy.engagements.models import (
    Engagement,
    FollowUp,
    FollowUpStatus,
    Visibility,
)
from citydiplomacy.geo.models import City, Country
from citydiplomacy.offices.models import Office, OfficeMembership
from citydiplomacy.organisations.models import Organisation, Topic

ENGAGEMENT_EDITABLE = (
    "kind",
    "title",
    "starts_on",
    "ends_on",
    "city",
    "venue",
    "summary",
    "outcomes",
    "visibility",
)
ENGAGEMENT_RELATIONS = (
    "staff",
    "contacts",
    "cities",
    "organisations",
    "countries",
    "agreements",
    "topics",
)
FOLLOW_UP_EDITABLE = ("what", "owner", "due_on", "status", "done_on")


def _check_people(
    office: Office, *, staff: Iterable[User] | None, contacts: Iterable[Contact] | None
) -> None:
    """Staff must be members of the office; contacts must be the office's own."""
    errors: dict[str, str] = {}
    if staff is not None:
        ids = {user.pk for user in staff}
        members = set(
            OfficeMembership.objects.filter(office=office, user_id__in=ids).values_list(
                "user_id", flat=True
            )
        )
        if ids - members:
            errors["staff"] = "Staff must be members of the office."
    if contacts is not None and any(c.office_id != office.pk for c in contacts):
        errors["contacts"] = "Participants must be this office's own contacts."
    if errors:
        raise ValidationError(errors)


def _relations_setter(relations: Mapping[str, Iterable[Any]]) -> Any:
    def save_related(engagement: Engagement) -> None:
        for name, values in relations.items():
            getattr(engagement, name).set(list(values))

    return save_related


def engagement_create(
    *,
    office: Office,
    kind: str,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    city: City | None = None,
    venue: str = "",
    summary: str = "",
    outcomes: str = "",
    visibility: str = Visibility.OFFICE,
    staff: Sequence[User] = (),
    contacts: Sequence[Contact] = (),
    cities: Sequence[City] = (),
    organisations: Sequence[Organisation] = (),
    countries: Sequence[Country] = (),
    agreements: Sequence[Agreement] = (),
    topics: Sequence[Topic] = (),
    actor: Actor,
) -> Engagement:
    _check_people(office, staff=staff, contacts=contacts)
    engagement = Engagement(
        office=office,
        kind=kind,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        city=city,
        venue=venue,
        summary=summary,
        outcomes=outcomes,
        visibility=visibility,
    )
    relations = {
        "staff": staff,
        "contacts": contacts,
        "cities": cities,
        "organisations": organisations,
        "countries": countries,
        "agreements": agreements,
        "topics": topics,
    }
    return create_recorded(engagement, actor=actor, save_related=_relations_setter(relations))


def engagement_update(
    engagement: Engagement, *, actor: Actor, expected_version: int | None, **changes: Any
) -> Engagement:
    """Change fields and, when given, replace participants, places, agreements or topics."""
    relations = {name: changes.pop(name) for name in ENGAGEMENT_RELATIONS if name in changes}
    relations = {name: values for name, values in relations.items() if values is not None}
    assign_fields(engagement, changes, ENGAGEMENT_EDITABLE)
    _check_people(
        engagement.office, staff=relations.get("staff"), contacts=relations.get("contacts")
    )
    update_recorded(
        engagement,
        actor=actor,
        expected_version=expected_version,
        save_related=_relations_setter(relations) if relations else None,
    )
    return engagement


def engagement_delete(
    engagement: Engagement, *, actor: Actor, expected_version: int | None
) -> None:
    """Delete an engagement and its follow-ups, each deletion recorded in the history."""
    with transaction.atomic():
        current = Engagement.objects.select_for_update().get(pk=engagement.pk)
        if expected_version is None or current.version == expected_version:
            for follow_up in FollowUp.objects.filter(engagement=engagement):
                delete_recorded(follow_up, actor=actor, expected_version=None)
        delete_recorded(engagement, actor=actor, expected_version=expected_version)


def _check_owner(office_id: int, owner: User | None) -> None:
    # Checked when the owner is set, not in clean(): a follow-up keeps its owner on record
    # after they leave the office, until someone reassigns it.
    if (
        owner is not None
        and not OfficeMembership.objects.filter(office_id=office_id, user=owner).exists()
    ):
        raise ValidationError(
            {"owner": f"{owner.get_username()} is not a member of the office."},
            code="not_member",
        )


def follow_up_create(
    *,
    engagement: Engagement,
    what: str,
    owner: User,
    due_on: dt.date | None = None,
    status: str = FollowUpStatus.OPEN,
    done_on: dt.date | None = None,
    actor: Actor,
) -> FollowUp:
    _check_owner(engagement.office_id, owner)
    follow_up = FollowUp(
        office_id=engagement.office_id,
        engagement=engagement,
        what=what,
        owner=owner,
        due_on=due_on,
        status=status,
        done_on=done_on,
    )
    return create_recorded(follow_up, actor=actor)


def follow_up_update(
    follow_up: FollowUp, *, actor: Actor, expected_version: int | None, **changes: Any
) -> FollowUp:
    if changes.get("owner") is not None and changes["owner"].pk != follow_up.owner_id:
        _check_owner(follow_up.office_id, changes["owner"])
    assign_fields(follow_up, changes, FOLLOW_UP_EDITABLE)
    update_recorded(follow_up, actor=actor, expected_version=expected_version)
    return follow_up


def follow_up_delete(follow_up: FollowUp, *, actor: Actor, expected_version: int | None) -> None:
    delete_recorded(follow_up, actor=actor, expected_version=expected_version)


def engagements_detach_from(obj: Model, actor: Any) -> None:
    """Before a registry organisation or agreement, or a contact, is deleted, take it out of
    engagements.

    Through each engagement's recorded update, so its office's history keeps the change.
    """
    if isinstance(obj, Contact):
        from citydiplomacy.engagements.personal_data import detach_contact

        detach_contact(obj, actor)
        return
    relation = "organisations" if isinstance(obj, Organisation) else None
    relation = "agreements" if isinstance(obj, Agreement) else relation
    if relation is None:
        return
    for engagement in Engagement.objects.filter(**{relation: obj}):
        update_recorded(
            engagement,
            actor=actor,
            expected_version=None,
            save_related=lambda saved: getattr(saved, relation).remove(obj),
        )
