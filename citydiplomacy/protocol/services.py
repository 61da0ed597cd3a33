"""Writes of protocol records: the single gate for the office's rules and the visit workflow.

Every write goes through `core.history.services`, so each step of a visit, each programme
change, each manual precedence override and each gift is in the office's change history with
who made it and when.
"""

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.core.history.gate import check_write
from citydiplomacy.core.history.models import ChangeAction, Via
from citydiplomacy.core.history.services import (
    Actor,
    assign_fields,
    create_recorded,
    delete_recorded,
    update_recorded,
)
from citydiplomacy.engagements.models import Engagement
from citydiplomacy.engagements.services import engagement_create, engagement_update
from citydiplomacy.offices.models import Office
from citydiplomacy.offices.visibility import can_manage, can_read
from citydiplomacy.protocol.models import (
    INACTIVE,
    NEXT_STEPS,
    CalendarFeed,
    DelegationMember,
    Gift,
    Participant,
    ProgrammeItem,
    ProtocolRules,
    RequesterKind,
    Visit,
    VisitStatus,
    VisitStep,
)

RULES_EDITABLE = ("min_notice_days", "requester_kinds", "gift_threshold", "gift_currency", "ranks")
VISIT_EDITABLE = (
    "received_on",
    "requester_kind",
    "requester_contact",
    "requester_organisation",
    "requester_name",
    "principal",
    "principal_contact",
    "purpose",
    "languages",
    "interpreter",
    "press",
    "photographer",
    "accessibility_needs",
    "dietary_needs",
    "security_level",
    "requested_participants",
    "notice_override_reason",
)
# The engagement's own fields a visit's form and API also change.
VISIT_ENGAGEMENT_FIELDS = ("kind", "title", "starts_on", "ends_on", "city", "venue")
DELEGATE_EDITABLE = ("contact", "name", "title", "bio", "head")
ITEM_EDITABLE = ("title", "starts_at", "ends_at", "place", "hosts", "notes")
PARTICIPANT_EDITABLE = (
    "name",
    "title",
    "side",
    "rank",
    "head_of_mission",
    "took_up_post_on",
    "contact",
    "position",
    "override_reason",
)
GIFT_EDITABLE = (
    "given_on",
    "direction",
    "visit",
    "engagement",
    "giver",
    "giver_contact",
    "recipient",
    "recipient_contact",
    "description",
    "value",
    "currency",
    "declared",
    "disposition",
    "photo_url",
    "sources",
)


def _is_system(actor: Actor) -> bool:
    # Code acting on its own (fixtures, migrations of data): no person to hold a role.
    return actor.via == Via.SYSTEM and actor.user is None


def _require_writer(actor: Actor, office_id: int) -> None:
    # The write gate asked before the first of several writes, so none of them half-happens;
    # the office's write policy decides, as for any of its records.
    check_write(actor, Visit(office_id=office_id), ChangeAction.UPDATE)


# ------------------------------------------------------------------------------ rules


def rules_of(office: Office | int) -> ProtocolRules:
    """The office's rules; the defaults (unsaved) until an admin sets them."""
    office_id = office if isinstance(office, int) else office.pk
    found = ProtocolRules.objects.filter(office_id=office_id).first()
    return found or ProtocolRules(office_id=office_id)


def rules_set(
    office: Office, *, actor: Actor, expected_version: int | None = None, **changes: Any
) -> ProtocolRules:
    """Set the office's rules (its admins only)."""
    if not _is_system(actor) and not can_manage(actor.user, office):
        raise PermissionDenied("Setting the protocol rules needs the admin role in the office.")
    rules = rules_of(office)
    if isinstance(changes.get("gift_currency"), str):
        changes["gift_currency"] = changes["gift_currency"].strip().upper()
    if isinstance(changes.get("ranks"), list):
        changes["ranks"] = [str(rank).strip() for rank in changes["ranks"] if str(rank).strip()]
    assign_fields(rules, changes, RULES_EDITABLE)
    if rules.pk is None:
        return create_recorded(rules, actor=actor)
    update_recorded(rules, actor=actor, expected_version=expected_version)
    return rules


def check_request(office: Office, visit: Visit, starts_on: dt.date, actor: Actor) -> None:
    """The office's rules on a request: who may ask, and the notice (an admin may override)."""
    rules = rules_of(office)
    errors: dict[str, str] = {}
    if visit.requester_kind not in rules.requester_kinds:
        accepted = ", ".join(str(RequesterKind(k).label) for k in rules.requester_kinds)
        errors["requester_kind"] = (
            f"This office does not take requests from a {visit.get_requester_kind_display()}; "
            f"it accepts: {accepted or 'none'}."
        )
    received = visit.received_on or timezone.localdate()
    notice = (starts_on - received).days
    if notice < rules.min_notice_days:
        reason = visit.notice_override_reason.strip()
        if not reason:
            errors["starts_on"] = (
                f"The request gives {notice} days' notice; this office requires "
                f"{rules.min_notice_days}. An admin may accept it, giving the reason "
                "(notice_override_reason)."
            )
        elif not _is_system(actor) and not can_manage(actor.user, office):
            errors["notice_override_reason"] = (
                "Only an admin of the office may accept a request with short notice."
            )
    elif visit.notice_override_reason.strip():
        visit.notice_override_reason = ""  # nothing to override
    if errors:
        raise ValidationError(errors)


# ----------------------------------------------------------------------------- visits


def visit_request(
    *,
    office: Office,
    kind: str,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    city: Any = None,
    venue: str = "",
    actor: Actor,
    **details: Any,
) -> Visit:
    """Receive a visit request: its engagement, the visit, and the first step, all or nothing."""
    _require_writer(actor, office.pk)
    details.setdefault("received_on", timezone.localdate())
    visit = Visit(office=office, status=VisitStatus.REQUESTED)
    assign_fields(visit, details, VISIT_EDITABLE)
    check_request(office, visit, starts_on, actor)
    contacts = [c for c in (visit.principal_contact, visit.requester_contact) if c]
    with transaction.atomic():
        engagement = engagement_create(
            office=office,
            kind=kind,
            title=title,
            starts_on=starts_on,
            ends_on=ends_on,
            city=city,
            venue=venue,
            contacts=contacts,
            # The visitors' cities are the engagement's partners, so the partner's timeline
            # and briefing find the visit.
            cities=_partner_cities(office, contacts),
            actor=actor,
        )
        visit.engagement = engagement
        create_recorded(visit, actor=actor)
        _step(visit, VisitStatus.REQUESTED, actor, note=visit.notice_override_reason)
    return visit


def _partner_cities(office: Office, contacts: Sequence[Any]) -> list[Any]:
    cities = {c.city_id: c.city for c in contacts if c.city is not None}
    cities.pop(office.city_id, None)
    return list(cities.values())


def visit_update(
    visit: Visit, *, actor: Actor, expected_version: int | None, **changes: Any
) -> Visit:
    """Change the request's details and, when given, the engagement's title, kind and dates."""
    _require_writer(actor, visit.office_id)
    on_engagement = {k: changes.pop(k) for k in VISIT_ENGAGEMENT_FIELDS if k in changes}
    assign_fields(visit, changes, VISIT_EDITABLE)
    engagement = visit.engagement
    starts_on = on_engagement.get("starts_on", engagement.starts_on)
    rechecked = {"starts_on", "requester_kind", "received_on"} & (set(on_engagement) | set(changes))
    if rechecked and visit.status in (VisitStatus.REQUESTED, VisitStatus.UNDER_REVIEW):
        check_request(visit.office, visit, starts_on, actor)
    with transaction.atomic():
        if on_engagement:
            engagement_update(engagement, actor=actor, expected_version=None, **on_engagement)
        update_recorded(visit, actor=actor, expected_version=expected_version)
    return visit


def _step(visit: Visit, status: str, actor: Actor, note: str = "") -> VisitStep:
    step = VisitStep(
        office_id=visit.office_id,
        visit=visit,
        status=status,
        at=timezone.now(),
        by=actor.user if actor.user is not None and actor.user.pk else None,
        note=note,
    )
    return create_recorded(step, actor=actor)


def visit_transition(
    visit: Visit,
    *,
    status: str,
    actor: Actor,
    reason: str = "",
    expected_version: int | None = None,
) -> Visit:
    """Move a visit to its next step of the workflow, recording who, when and why."""
    _require_writer(actor, visit.office_id)
    allowed = NEXT_STEPS.get(visit.status, ())
    if status not in allowed:
        names = ", ".join(str(VisitStatus(s).label) for s in allowed) or "none: the visit is closed"
        raise ValidationError(
            {
                "status": f"A {visit.get_status_display()} visit cannot become "
                f"{status!r}; next steps: {names}."
            },
            code="invalid_step",
        )
    if status == VisitStatus.DECLINED and not reason.strip():
        raise ValidationError({"reason": "Give the reason for declining."})
    with transaction.atomic():
        visit.status = status
        if status == VisitStatus.DECLINED:
            visit.decline_reason = reason.strip()
        update_recorded(visit, actor=actor, expected_version=expected_version)
        _step(visit, status, actor, note=reason.strip())
    return visit


def visit_debrief(
    visit: Visit,
    *,
    debrief: str,
    outcomes: str | None = None,
    agreements: Sequence[Agreement] | None = None,
    actor: Actor,
    expected_version: int | None = None,
) -> Visit:
    """Record what a held visit achieved: the debrief, outcomes and agreements concerned.

    The outcomes and agreements are the engagement's own, so the engagement log shows them;
    follow-ups are the engagement's follow-ups, added on its page.
    """
    _require_writer(actor, visit.office_id)
    if visit.status != VisitStatus.HELD:
        raise ValidationError(
            {"status": f"Only a held visit is debriefed; this one is {visit.get_status_display()}."}
        )
    if not debrief.strip():
        raise ValidationError({"debrief": "Say what the visit achieved."})
    with transaction.atomic():
        changes: dict[str, Any] = {}
        if outcomes is not None:
            changes["outcomes"] = outcomes
        if agreements is not None:
            changes["agreements"] = list(agreements)
        if changes:
            engagement_update(visit.engagement, actor=actor, expected_version=None, **changes)
        visit.debrief = debrief.strip()
        visit.status = VisitStatus.DEBRIEFED
        update_recorded(visit, actor=actor, expected_version=expected_version)
        _step(visit, VisitStatus.DEBRIEFED, actor)
    return visit


def visit_delete(visit: Visit, *, actor: Actor, expected_version: int | None) -> None:
    """Delete a visit and what hangs on it; its engagement stays in the log."""
    _require_writer(actor, visit.office_id)
    with transaction.atomic():
        for item in ProgrammeItem.objects.filter(visit=visit):
            programme_item_delete(item, actor=actor, expected_version=None)
        for row in [*DelegationMember.objects.filter(visit=visit), *visit.steps.all()]:
            delete_recorded(row, actor=actor, expected_version=None)
        for gift in Gift.objects.filter(visit=visit):
            gift.visit = None
            update_recorded(gift, actor=actor, expected_version=None)
        delete_recorded(visit, actor=actor, expected_version=expected_version)


def overlapping_visits(visit: Visit) -> list[Visit]:
    """Other active visits of the office with the same principal on overlapping days."""
    principal = visit.principal.strip()
    if not (principal or visit.principal_contact_id):
        return []
    same = Visit.objects.filter(office_id=visit.office_id).exclude(pk=visit.pk)
    if visit.principal_contact_id:
        same = same.filter(principal_contact_id=visit.principal_contact_id)
    else:
        same = same.filter(principal__iexact=principal)
    found = []
    for other in same.exclude(status__in=INACTIVE).select_related("engagement"):
        if other.starts_on <= visit.ends_on and visit.starts_on <= other.ends_on:
            found.append(other)
    return found


def overlap_warnings(visit: Visit) -> list[str]:
    return [
        f"{other.principal or visit.principal} is also expected for {other.engagement.title} "
        f"({other.starts_on} to {other.ends_on})."
        for other in overlapping_visits(visit)
    ]


# ------------------------------------------------------------- delegation and programme


def delegation_member_create(*, visit: Visit, actor: Actor, **values: Any) -> DelegationMember:
    _require_writer(actor, visit.office_id)
    member = DelegationMember(office_id=visit.office_id, visit=visit)
    assign_fields(member, values, DELEGATE_EDITABLE)
    if member.contact is not None and not member.name:
        member.name = member.contact.name
        member.title = member.title or member.contact.title
    return create_recorded(member, actor=actor)


def delegation_member_update(
    member: DelegationMember, *, actor: Actor, expected_version: int | None, **changes: Any
) -> DelegationMember:
    _require_writer(actor, member.office_id)
    assign_fields(member, changes, DELEGATE_EDITABLE)
    update_recorded(member, actor=actor, expected_version=expected_version)
    return member


def delegation_member_delete(
    member: DelegationMember, *, actor: Actor, expected_version: int | None
) -> None:
    _require_writer(actor, member.office_id)
    delete_recorded(member, actor=actor, expected_version=expected_version)


def programme_item_create(*, visit: Visit, actor: Actor, **values: Any) -> ProgrammeItem:
    _require_writer(actor, visit.office_id)
    item = ProgrammeItem(office_id=visit.office_id, visit=visit)
    assign_fields(item, values, ITEM_EDITABLE)
    return create_recorded(item, actor=actor)


def programme_item_update(
    item: ProgrammeItem, *, actor: Actor, expected_version: int | None, **changes: Any
) -> ProgrammeItem:
    _require_writer(actor, item.office_id)
    assign_fields(item, changes, ITEM_EDITABLE)
    update_recorded(item, actor=actor, expected_version=expected_version)
    return item


def programme_item_delete(
    item: ProgrammeItem, *, actor: Actor, expected_version: int | None
) -> None:
    _require_writer(actor, item.office_id)
    with transaction.atomic():
        for participant in Participant.objects.filter(item=item):
            delete_recorded(participant, actor=actor, expected_version=None)
        delete_recorded(item, actor=actor, expected_version=expected_version)


def _check_rank(participant: Participant) -> None:
    rank = participant.rank.strip()
    if not rank:
        return
    ranks = rules_of(participant.office_id).ranks
    match = next((r for r in ranks if r.casefold() == rank.casefold()), None)
    if match is None:
        raise ValidationError(
            {"rank": f"{rank!r} is not one of the office's ranks: {', '.join(ranks)}."}
        )
    participant.rank = match


def participant_create(*, item: ProgrammeItem, actor: Actor, **values: Any) -> Participant:
    _require_writer(actor, item.office_id)
    participant = Participant(office_id=item.office_id, item=item)
    assign_fields(participant, values, PARTICIPANT_EDITABLE)
    if participant.contact is not None and not participant.name:
        participant.name = participant.contact.name
    _check_rank(participant)
    return create_recorded(participant, actor=actor)


def participant_update(
    participant: Participant, *, actor: Actor, expected_version: int | None, **changes: Any
) -> Participant:
    """Change a participant; setting `position` is a manual override, recorded with its reason."""
    _require_writer(actor, participant.office_id)
    assign_fields(participant, changes, PARTICIPANT_EDITABLE)
    if participant.position is None:
        participant.override_reason = ""
    _check_rank(participant)
    update_recorded(participant, actor=actor, expected_version=expected_version)
    return participant


def participant_delete(
    participant: Participant, *, actor: Actor, expected_version: int | None
) -> None:
    _require_writer(actor, participant.office_id)
    delete_recorded(participant, actor=actor, expected_version=expected_version)


# ------------------------------------------------------------------------------ gifts


def gift_create(*, office: Office, actor: Actor, **values: Any) -> Gift:
    _require_writer(actor, office.pk)
    gift = Gift(office=office)
    assign_fields(gift, values, GIFT_EDITABLE)
    if gift.visit is not None and gift.engagement is None:
        gift.engagement = gift.visit.engagement
    return create_recorded(gift, actor=actor)


def gift_update(gift: Gift, *, actor: Actor, expected_version: int | None, **changes: Any) -> Gift:
    _require_writer(actor, gift.office_id)
    assign_fields(gift, changes, GIFT_EDITABLE)
    update_recorded(gift, actor=actor, expected_version=expected_version)
    return gift


def gift_delete(gift: Gift, *, actor: Actor, expected_version: int | None) -> None:
    _require_writer(actor, gift.office_id)
    delete_recorded(gift, actor=actor, expected_version=expected_version)


# --------------------------------------------------------------------------- calendar


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_feed_create(office: Office, *, actor: Actor) -> tuple[CalendarFeed, str]:
    """A new secret calendar address for the actor in `office`; the token is shown once."""
    user = actor.user
    if user is None or not can_read(user, office):
        raise PermissionDenied("Only the office's members have its calendar.")
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(office=office, user=user, token_hash=token_hash(token))
    return feed, token


def calendar_feed_revoke(feed: CalendarFeed, *, actor: Actor) -> None:
    if actor.user is None or feed.user_id != actor.user.pk:
        raise PermissionDenied("Only its owner revokes a calendar address.")
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])


# ------------------------------------------------------------------ registry deletions


def detach_contact(contact: Any, actor: Any) -> None:
    """Before a contact is deleted (or erased), unlink it from visits, delegations, gifts and
    participants, each through a recorded update in the office's history."""
    from citydiplomacy.contacts.models import Contact

    if not isinstance(contact, Contact):
        return
    links: list[tuple[type[Any], tuple[str, ...]]] = [
        (Visit, ("requester_contact", "principal_contact")),
        (DelegationMember, ("contact",)),
        (Participant, ("contact",)),
        (Gift, ("giver_contact", "recipient_contact")),
    ]
    for model, fields in links:
        for field in fields:
            for row in model.objects.filter(**{field: contact}):
                setattr(row, field, None)
                if model is Visit and not (row.requester_contact_id or row.requester_name):
                    row.requester_name = "[contact removed]"
                update_recorded(row, actor=actor, expected_version=None)


def engagement_of(visit: Visit) -> Engagement:
    return visit.engagement
