"""API of engagements and follow-ups."""

from citydiplomacy.core.crud import Entity
from citydiplomacy.engagements import inputs
from citydiplomacy.engagements.filtersets import EngagementFilterSet, FollowUpFilterSet
from citydiplomacy.engagements.models import Engagement, FollowUp
from citydiplomacy.engagements.schemas import (
    EngagementIn,
    EngagementOut,
    EngagementPatch,
    FollowUpIn,
    FollowUpOut,
    FollowUpPatch,
)
from citydiplomacy.engagements.selectors import (
    visible_engagements,
    visible_follow_ups,
    with_details,
)

ENGAGEMENT = Entity[Engagement](
    name="engagement",
    plural="engagements",
    title="Engagements",
    model=Engagement,
    lookup="pk",
    out_schema=EngagementOut,
    in_schema=EngagementIn,
    patch_schema=EngagementPatch,
    filterset=EngagementFilterSet,
    queryset=lambda user: with_details(visible_engagements(user)),
    create=inputs.create_engagement,
    update=inputs.update_engagement,
    delete=inputs.delete_engagement,
    private=True,
)

FOLLOW_UP = Entity[FollowUp](
    name="follow-up",
    plural="follow-ups",
    title="Follow-ups",
    model=FollowUp,
    lookup="pk",
    out_schema=FollowUpOut,
    in_schema=FollowUpIn,
    patch_schema=FollowUpPatch,
    filterset=FollowUpFilterSet,
    queryset=visible_follow_ups,
    create=inputs.create_follow_up,
    update=inputs.update_follow_up,
    delete=inputs.delete_follow_up,
    private=True,
)
