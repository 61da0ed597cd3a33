"""API shapes of protocol records (also the JSON twins of the pages and the briefing's rows)."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from citydiplomacy.contacts.schemas import ContactRef
from citydiplomacy.core.links import record_url
from citydiplomacy.engagements.schemas import EngagementRef
from citydiplomacy.offices.schemas import OfficeRef
from citydiplomacy.protocol.models import (
    Gift,
    Participant,
    ProgrammeItem,
    Visit,
    VisitStep,
)


class VisitRef(Schema):
    id: int
    title: str
    status: str
    starts_on: dt.date
    ends_on: dt.date
    url: str

    @staticmethod
    def resolve_title(obj: Visit) -> str:
        return obj.engagement.title

    @staticmethod
    def resolve_url(obj: Visit) -> str:
        return record_url("protocol:visit", obj.pk)


class StepOut(Schema):
    status: str
    status_label: str
    at: dt.datetime
    by: str | None
    note: str

    @staticmethod
    def resolve_status_label(obj: VisitStep) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_by(obj: VisitStep) -> str | None:
        return obj.by.get_username() if obj.by is not None else None


class DelegationMemberOut(Schema):
    id: int
    visit: int = Field(alias="visit_id")
    contact: ContactRef | None
    name: str
    title: str
    bio: str
    head: bool
    version: int


class ParticipantOut(Schema):
    id: int
    item: int = Field(alias="item_id")
    name: str
    title: str
    side: str
    rank: str
    head_of_mission: bool
    took_up_post_on: dt.date | None
    contact: ContactRef | None
    position: int | None = Field(description="A manual place in the order, when overridden.")
    override_reason: str
    version: int


class ProgrammeItemOut(Schema):
    id: int
    visit: int = Field(alias="visit_id")
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    hosts: str
    notes: str
    version: int


class VisitOut(VisitRef):
    office: OfficeRef
    engagement: EngagementRef
    kind: str
    status_label: str
    received_on: dt.date
    requester_kind: str
    requester_contact: ContactRef | None
    requester_organisation: str | None = Field(description="The registry organisation's slug.")
    requester_name: str
    principal: str
    principal_contact: ContactRef | None
    purpose: str
    languages: str
    interpreter: bool
    press: bool
    photographer: bool
    accessibility_needs: str
    dietary_needs: str
    security_level: str
    requested_participants: str
    decline_reason: str
    notice_override_reason: str
    debrief: str
    version: int

    @staticmethod
    def resolve_kind(obj: Visit) -> str:
        return obj.engagement.kind

    @staticmethod
    def resolve_status_label(obj: Visit) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_requester_organisation(obj: Visit) -> str | None:
        return obj.requester_organisation.slug if obj.requester_organisation else None


class GiftOut(Schema):
    id: int
    office: OfficeRef
    given_on: dt.date
    direction: str
    visit: int | None = Field(alias="visit_id")
    engagement: int | None = Field(alias="engagement_id")
    giver: str
    giver_contact: ContactRef | None
    recipient: str
    recipient_contact: ContactRef | None
    description: str
    value: Decimal | None
    currency: str
    declared: bool
    disposition: str
    disposition_label: str
    photo_url: str
    sources: str
    version: int
    url: str

    @staticmethod
    def resolve_disposition_label(obj: Gift) -> str:
        return obj.get_disposition_display()

    @staticmethod
    def resolve_url(obj: Gift) -> str:
        return record_url("protocol:gift", obj.pk)


# ------------------------------------------------------------------------------ input


class VisitIn(Schema):
    office: str = Field(description="The office's slug.")
    kind: str = Field(description="inbound-delegation, dignitary-visit, outbound-mission, ...")
    title: str
    starts_on: dt.date
    ends_on: dt.date | None = None
    city: int | None = Field(None, description="Where (GeoNames id).")
    venue: str = ""
    received_on: dt.date | None = None
    requester_kind: str
    requester_contact: int | None = None
    requester_organisation: str | None = Field(None, description="Registry organisation slug.")
    requester_name: str = ""
    principal: str = ""
    principal_contact: int | None = None
    purpose: str = ""
    languages: str = ""
    interpreter: bool = False
    press: bool = False
    photographer: bool = False
    accessibility_needs: str = ""
    dietary_needs: str = ""
    security_level: str = "standard"
    requested_participants: str = ""
    notice_override_reason: str = ""


class VisitPatch(Schema):
    version: int
    kind: str | None = None
    title: str | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    city: int | None = None
    venue: str | None = None
    received_on: dt.date | None = None
    requester_kind: str | None = None
    requester_contact: int | None = None
    requester_organisation: str | None = None
    requester_name: str | None = None
    principal: str | None = None
    principal_contact: int | None = None
    purpose: str | None = None
    languages: str | None = None
    interpreter: bool | None = None
    press: bool | None = None
    photographer: bool | None = None
    accessibility_needs: str | None = None
    dietary_needs: str | None = None
    security_level: str | None = None
    requested_participants: str | None = None
    notice_override_reason: str | None = None


class TransitionIn(Schema):
    status: str = Field(description="The next step: under-review, approved, declined, ...")
    reason: str = ""
    version: int | None = None


class DebriefIn(Schema):
    debrief: str
    outcomes: str | None = None
    agreements: list[int] | None = None
    version: int | None = None


class DelegationMemberIn(Schema):
    visit: int
    name: str = ""
    contact: int | None = None
    title: str = ""
    bio: str = ""
    head: bool = False


class DelegationMemberPatch(Schema):
    version: int
    name: str | None = None
    contact: int | None = None
    title: str | None = None
    bio: str | None = None
    head: bool | None = None


class ProgrammeItemIn(Schema):
    visit: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str = ""
    hosts: str = ""
    notes: str = ""


class ProgrammeItemPatch(Schema):
    version: int
    title: str | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    place: str | None = None
    hosts: str | None = None
    notes: str | None = None


class ParticipantIn(Schema):
    item: int
    name: str = ""
    title: str = ""
    side: str = "guest"
    rank: str = ""
    head_of_mission: bool = False
    took_up_post_on: dt.date | None = None
    contact: int | None = None
    position: int | None = None
    override_reason: str = ""


class ParticipantPatch(Schema):
    version: int
    name: str | None = None
    title: str | None = None
    side: str | None = None
    rank: str | None = None
    head_of_mission: bool | None = None
    took_up_post_on: dt.date | None = None
    contact: int | None = None
    position: int | None = None
    override_reason: str | None = None


class GiftIn(Schema):
    office: str
    given_on: dt.date
    direction: str = Field(description="given or received")
    visit: int | None = None
    engagement: int | None = None
    giver: str
    giver_contact: int | None = None
    recipient: str
    recipient_contact: int | None = None
    description: str
    value: Decimal | None = None
    currency: str = ""
    declared: bool = False
    disposition: str = "pending"
    photo_url: str = ""
    sources: str = ""


class GiftPatch(Schema):
    version: int
    given_on: dt.date | None = None
    direction: str | None = None
    visit: int | None = None
    engagement: int | None = None
    giver: str | None = None
    giver_contact: int | None = None
    recipient: str | None = None
    recipient_contact: int | None = None
    description: str | None = None
    value: Decimal | None = None
    currency: str | None = None
    declared: bool | None = None
    disposition: str | None = None
    photo_url: str | None = None
    sources: str | None = None


class ItemWithParticipants(ProgrammeItemOut):
    participants: list[ParticipantOut] = []

    @staticmethod
    def resolve_participants(obj: ProgrammeItem) -> list[Participant]:
        return list(getattr(obj, "ordered_participants", obj.participants.all()))
