"""API shapes of people and offices held."""

from ninja import Field, Schema

from citydiplomacy.core.links import record_url
from citydiplomacy.geo.schemas import CityRef
from citydiplomacy.organisations.schemas import OrganisationRef
from citydiplomacy.people.models import OfficeHeld, Person
from citydiplomacy.sources.models import Citation
from citydiplomacy.sources.schemas import CitationIn, CitationOut
from citydiplomacy.sources.selectors import citations_of


class PersonRef(Schema):
    slug: str
    name: str
    url: str

    @staticmethod
    def resolve_url(obj: Person) -> str:
        return record_url("people:detail", obj.slug)


class OfficeOut(Schema):
    id: int
    person: PersonRef
    role: str
    role_label: str
    title: str
    heading: str = Field(description='The office as written for people: "Mayor of Minneapolis".')
    city: CityRef | None
    organisation: OrganisationRef | None
    start: str
    end: str
    party: str
    note: str
    sources: list[CitationOut]
    version: int

    @staticmethod
    def resolve_role_label(obj: OfficeHeld) -> str:
        return obj.get_role_display()

    @staticmethod
    def resolve_sources(obj: OfficeHeld) -> list[Citation]:
        return citations_of(obj)


class PersonOut(PersonRef):
    id: int
    wikidata_id: str
    born: str
    note: str
    offices: list[OfficeOut]
    sources: list[CitationOut]
    version: int

    @staticmethod
    def resolve_offices(obj: Person) -> list[OfficeHeld]:
        return list(obj.offices.all())

    @staticmethod
    def resolve_sources(obj: Person) -> list[Citation]:
        return citations_of(obj)


class PersonIn(Schema):
    name: str
    slug: str = Field("", description="Made from the name when left empty.")
    wikidata_id: str = ""
    born: str = ""
    note: str = ""
    sources: list[CitationIn] = []


class PersonPatch(Schema):
    version: int = Field(description="The version you are changing (from a previous read).")
    name: str | None = None
    wikidata_id: str | None = None
    born: str | None = None
    note: str | None = None
    sources: list[CitationIn] | None = None


class OfficeIn(Schema):
    person: str = Field(description="Slug of the person.")
    role: str = "mayor"
    title: str = ""
    city: int | None = Field(None, description="GeoNames id of the city.")
    organisation: str | None = Field(None, description="Slug of the organisation.")
    start: str = ""
    end: str = ""
    party: str = ""
    note: str = ""
    sources: list[CitationIn] = []


class OfficePatch(Schema):
    version: int = Field(description="The version you are changing (from a previous read).")
    role: str | None = None
    title: str | None = None
    start: str | None = None
    end: str | None = None
    party: str | None = None
    note: str | None = None
    sources: list[CitationIn] | None = None
