"""API of protocol records: entities (list, read, create, update, delete) and the workflow."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from citydiplomacy.core.accounts.api_auth import signed_in
from citydiplomacy.core.crud import Entity
from citydiplomacy.core.history.models import ChangeAction, Via
from citydiplomacy.core.history.services import Actor
from citydiplomacy.protocol import inputs
from citydiplomacy.protocol.filtersets import (
    DelegationMemberFilterSet,
    GiftFilterSet,
    ParticipantFilterSet,
    ProgrammeItemFilterSet,
    VisitFilterSet,
)
from citydiplomacy.protocol.models import DelegationMember, Gift, Participant, ProgrammeItem, Visit
from citydiplomacy.protocol.schemas import (
    DebriefIn,
    DelegationMemberIn,
    DelegationMemberOut,
    DelegationMemberPatch,
    GiftIn,
    GiftOut,
    GiftPatch,
    ParticipantIn,
    ParticipantOut,
    ParticipantPatch,
    ProgrammeItemIn,
    ProgrammeItemOut,
    ProgrammeItemPatch,
    TransitionIn,
    VisitIn,
    VisitOut,
    VisitPatch,
)
from citydiplomacy.protocol.selectors import (
    visible_delegation,
    visible_gifts,
    visible_items,
    visible_participants,
    visible_visits,
)

_PRIVATE: dict[str, Any] = {
    "private": True,
}

VISIT = Entity[Visit](
    name="visit",
    plural="visits",
    title="Visits",
    model=Visit,
    lookup="pk",
    out_schema=VisitOut,
    in_schema=VisitIn,
    patch_schema=VisitPatch,
    filterset=VisitFilterSet,
    queryset=visible_visits,
    create=inputs.create_visit,
    update=inputs.update_visit,
    delete=inputs.delete_visit,
    **_PRIVATE,
)
DELEGATION_MEMBER = Entity[DelegationMember](
    name="delegation-member",
    plural="delegation-members",
    title="Delegation members",
    model=DelegationMember,
    lookup="pk",
    out_schema=DelegationMemberOut,
    in_schema=DelegationMemberIn,
    patch_schema=DelegationMemberPatch,
    filterset=DelegationMemberFilterSet,
    queryset=visible_delegation,
    create=inputs.create_delegation_member,
    update=inputs.update_delegation_member,
    delete=inputs.delete_delegation_member,
    **_PRIVATE,
)
PROGRAMME_ITEM = Entity[ProgrammeItem](
    name="programme-item",
    plural="programme-items",
    title="Programme items",
    model=ProgrammeItem,
    lookup="pk",
    out_schema=ProgrammeItemOut,
    in_schema=ProgrammeItemIn,
    patch_schema=ProgrammeItemPatch,
    filterset=ProgrammeItemFilterSet,
    queryset=visible_items,
    create=inputs.create_programme_item,
    update=inputs.update_programme_item,
    delete=inputs.delete_programme_item,
    **_PRIVATE,
)
PARTICIPANT = Entity[Participant](
    name="participant",
    plural="participants",
    title="Programme participants",
    model=Participant,
    lookup="pk",
    out_schema=ParticipantOut,
    in_schema=ParticipantIn,
    patch_schema=ParticipantPatch,
    filterset=ParticipantFilterSet,
    queryset=visible_participants,
    create=inputs.create_participant,
    update=inputs.update_participant,
    delete=inputs.delete_participant,
    **_PRIVATE,
)
GIFT = Entity[Gift](
    name="gift",
    plural="gifts",
    title="Gifts",
    model=Gift,
    lookup="pk",
    out_schema=GiftOut,
    in_schema=GiftIn,
    patch_schema=GiftPatch,
    filterset=GiftFilterSet,
    queryset=visible_gifts,
    create=inputs.create_gift,
    update=inputs.update_gift,
    delete=inputs.delete_gift,
    **_PRIVATE,
)

ENTITIES: list[Entity[Any]] = [VISIT, DELEGATION_MEMBER, PROGRAMME_ITEM, PARTICIPANT, GIFT]


def workflow_router() -> Router:
    """A visit's workflow steps and debrief (mounted at /api/visit-workflow/)."""
    router = Router(tags=["Visits"])

    @router.post(
        "/{key}/transition", response=VisitOut, auth=signed_in, operation_id="visit_transition"
    )
    def transition(request: HttpRequest, key: str, payload: TransitionIn) -> Any:
        visit = VISIT.get(request.user, key)
        actor = Actor.from_request(request, Via.API)
        VISIT.require_edit(actor, visit, ChangeAction.UPDATE)
        inputs.transition_visit(visit, payload, actor)
        return VISIT.fresh(request.user, visit)

    @router.post("/{key}/debrief", response=VisitOut, auth=signed_in, operation_id="visit_debrief")
    def debrief(request: HttpRequest, key: str, payload: DebriefIn) -> Any:
        visit = VISIT.get(request.user, key)
        actor = Actor.from_request(request, Via.API)
        VISIT.require_edit(actor, visit, ChangeAction.UPDATE)
        inputs.debrief_visit(visit, payload, actor)
        return VISIT.fresh(request.user, visit)

    return router
