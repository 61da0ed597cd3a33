"""API shapes of contacts and consular posts."""

from ninja import Field, Schema

from citydiplomacy.contacts.models import ConsularPost, Contact
from citydiplomacy.core.links import record_url
from citydiplomacy.geo.schemas import CityRef, CountryRef
from citydiplomacy.offices.schemas import OfficeRef
from citydiplomacy.organisations.schemas import OrganisationRef


class ContactRef(Schema):
    id: int
    name: str
    title: str
    url: str

    @staticmethod
    def resolve_url(obj: Contact) -> str:
        return record_url("contacts:detail", obj.pk)


class ContactOut(ContactRef):
    office: OfficeRef
    kind: str
    kind_label: str
    organisation_name: str
    organisation: OrganisationRef | None
    city: CityRef | None
    country: CountryRef | None
    languages: str
    email: str
    phone: str
    notes: str
    version: int

    @staticmethod
    def resolve_kind_label(obj: Contact) -> str:
        return obj.get_kind_display()


class ContactIn(Schema):
    office: str = Field(description="Slug of the office the contact belongs to.")
    name: str
    kind: str = "other"
    title: str = ""
    organisation_name: str = ""
    organisation: str | None = Field(None, description="Slug of a registry organisation.")
    city: int | None = Field(None, description="GeoNames id of the contact's city.")
    country: str | None = Field(None, description="ISO 3166 alpha-2 code.")
    languages: str = ""
    email: str = ""
    phone: str = ""
    notes: str = ""


class ContactPatch(Schema):
    version: int = Field(description="The version you are changing (from a previous read).")
    name: str | None = None
    kind: str | None = None
    title: str | None = None
    organisation_name: str | None = None
    organisation: str | None = None
    city: int | None = None
    country: str | None = None
    languages: str | None = None
    email: str | None = None
    phone: str | None = None
    notes: str | None = None


class ConsularPostOut(Schema):
    id: int
    office: OfficeRef
    country: CountryRef
    kind: str
    kind_label: str
    holder: ContactRef | None
    holder_title: str
    since: str
    until: str
    note: str
    version: int
    url: str

    @staticmethod
    def resolve_kind_label(obj: ConsularPost) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_url(obj: ConsularPost) -> str:
        return record_url("contacts:post", obj.pk)


class ConsularPostIn(Schema):
    office: str = Field(description="Slug of the office; the post is in the office's city.")
    country: str = Field(description="ISO 3166 alpha-2 code of the sending country.")
    kind: str = "consulate-general"
    holder: int | None = Field(None, description="Id of the contact who holds the post.")
    holder_title: str = ""
    since: str = Field("", description="A year, year-month or date: 2021, 2021-09, 2021-09-01.")
    until: str = ""
    note: str = ""


class ConsularPostPatch(Schema):
    version: int = Field(description="The version you are changing (from a previous read).")
    country: str | None = None
    kind: str | None = None
    holder: int | None = None
    holder_title: str | None = None
    since: str | None = None
    until: str | None = None
    note: str | None = None
