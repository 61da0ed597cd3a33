"""API shapes of engagements and follow-ups.

`EngagementOut` serves members and outsiders alike: its office-only parts (contacts, staff,
follow-ups) resolve to null unless the row was read with `member_view` true (see
`engagements.selectors.visible_engagements`); a row read any other way shows nothing private.
"""

import datetime as dt

from ninja import Field, Schema

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.contacts.models import Contact
from citydiplomacy.contacts.schemas import ContactRef
from citydiplomacy.core.links import record_url
from citydiplomacy.engagements.models import Engagement, FollowUp
from citydiplomacy.geo.models import City, Country
from citydiplomacy.geo.schemas import CityRef, CountryRef
from citydiplomacy.offices.schemas import OfficeRef
from citydiplomacy.organisations.models import Organisation
from citydiplomacy.organisations.schemas import OrganisationRef


def _member_view(obj: Engagement) -> bool:
    return bool(getattr(obj, "member_view", False))


class AgreementRef(Schema):
    id: int
    label: str
    url: str

    @staticmethod
    def resolve_label(obj: Agreement) -> str:
        return str(obj)

    @staticmethod
    def resolve_url(obj: Agreement) -> str:
        return record_url("agreements:detail", obj.pk)


class EngagementRef(Schema):
    id: int
    title: str
    starts_on: dt.date
    url: str

    @staticmethod
    def resolve_url(obj: Engagement) -> str:
        return record_url("engagements:detail", obj.pk)


class FollowUpOut(Schema):
    id: int
    office: OfficeRef
    engagement: EngagementRef
    what: str
    owner: str
    due_on: dt.date | None
    status: str
    status_label: str
    done_on: dt.date | None
    overdue: bool
    version: int
    url: str

    @staticmethod
    def resolve_owner(obj: FollowUp) -> str:
        return obj.owner.get_username()

    @staticmethod
    def resolve_status_label(obj: FollowUp) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_overdue(obj: FollowUp) -> bool:
        return obj.is_overdue

    @staticmethod
    def resolve_url(obj: FollowUp) -> str:
        return record_url("engagements:follow_up", obj.pk)


class FollowUpRef(Schema):
    id: int
    what: str
    owner: str
    due_on: dt.date | None
    status: str
    overdue: bool
    url: str

    @staticmethod
    def resolve_owner(obj: FollowUp) -> str:
        return obj.owner.get_username()

    @staticmethod
    def resolve_overdue(obj: FollowUp) -> bool:
        return obj.is_overdue

    @staticmethod
    def resolve_url(obj: FollowUp) -> str:
        return record_url("engagements:follow_up", obj.pk)


class EngagementOut(EngagementRef):
    office: OfficeRef
    kind: str
    kind_label: str
    ends_on: dt.date | None
    city: CityRef | None = Field(description="Where it took place.")
    venue: str
    cities: list[CityRef] = Field(description="Partner cities.")
    countries: list[CountryRef] = Field(description="Partner countries.")
    organisations: list[OrganisationRef]
    agreements: list[AgreementRef]
    topics: list[str]
    summary: str
    outcomes: str
    visibility: str
    member_view: bool = Field(description="Whether you see the office-only parts.")
    staff: list[str] | None = Field(description="Office staff (members only).")
    contacts: list[ContactRef] | None = Field(description="Participants (members only).")
    follow_ups: list[FollowUpRef] | None = Field(description="Follow-ups (members only).")
    version: int | None = Field(
        description="Members only: a public engagement's version would tell of private edits."
    )

    @staticmethod
    def resolve_kind_label(obj: Engagement) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_cities(obj: Engagement) -> list[City]:
        return list(obj.cities.all())

    @staticmethod
    def resolve_countries(obj: Engagement) -> list[Country]:
        return list(obj.countries.all())

    @staticmethod
    def resolve_organisations(obj: Engagement) -> list[Organisation]:
        return list(obj.organisations.all())

    @staticmethod
    def resolve_agreements(obj: Engagement) -> list[Agreement]:
        return list(obj.agreements.all())

    @staticmethod
    def resolve_topics(obj: Engagement) -> list[str]:
        return [topic.slug for topic in obj.topics.all()]

    @staticmethod
    def resolve_member_view(obj: Engagement) -> bool:
        return _member_view(obj)

    @staticmethod
    def resolve_version(obj: Engagement) -> int | None:
        return obj.version if _member_view(obj) else None

    @staticmethod
    def resolve_staff(obj: Engagement) -> list[str] | None:
        if not _member_view(obj):
            return None
        return sorted(user.get_username() for user in obj.staff.all())

    @staticmethod
    def resolve_contacts(obj: Engagement) -> list[Contact] | None:
        return list(obj.contacts.all()) if _member_view(obj) else None

    @staticmethod
    def resolve_follow_ups(obj: Engagement) -> list[FollowUp] | None:
        return list(obj.follow_ups.all()) if _member_view(obj) else None


class EngagementIn(Schema):
    office: str = Field(description="Slug of the office whose engagement this is.")
    kind: str = Field(description="bilateral-meeting, inbound-delegation, trade-mission, ...")
    title: str
    starts_on: dt.date
    ends_on: dt.date | None = None
    city: int | None = Field(None, description="GeoNames id of the place.")
    venue: str = ""
    summary: str = ""
    outcomes: str = ""
    visibility: str = Field("office", description="office (members only) or public.")
    staff: list[str] = Field([], description="Usernames of office members.")
    contacts: list[int] = Field([], description="Ids of the office's contacts.")
    cities: list[int] = Field([], description="GeoNames ids of partner cities.")
    countries: list[str] = Field([], description="ISO codes of partner countries.")
    organisations: list[str] = Field([], description="Slugs of registry organisations.")
    agreements: list[int] = Field([], description="Ids of agreements it concerns.")
    topics: list[str] = Field([], description="Topic slugs, e.g. climate, trade-investment.")


class EngagementPatch(Schema):
    version: int = Field(description="The version you are changing (from a previous read).")
    kind: str | None = None
    title: str | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    city: int | None = None
    venue: str | None = None
    summary: str | None = None
    outcomes: str | None = None
    visibility: str | None = None
    staff: list[str] | None = None
    contacts: list[int] | None = None
    cities: list[int] | None = None
    countries: list[str] | None = None
    organisations: list[str] | None = None
    agreements: list[int] | None = None
    topics: list[str] | None = None


class FollowUpIn(Schema):
    engagement: int = Field(description="Id of the engagement that raised it.")
    what: str
    owner: str = Field(description="Username of the office member who owns it.")
    due_on: dt.date | None = None
    status: str = "open"


class FollowUpPatch(Schema):
    version: int = Field(description="The version you are changing (from a previous read).")
    what: str | None = None
    owner: str | None = None
    due_on: dt.date | None = None
    status: str | None = None
    done_on: dt.date | None = None
