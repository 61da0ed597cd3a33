"""API shapes of organisations and memberships."""

from ninja import Field, Schema

from citydiplomacy.core.links import record_url
from citydiplomacy.geo.schemas import CityRef
from citydiplomacy.organisations.models import Membership, Organisation, Topic
from citydiplomacy.sources.models import Citation
from citydiplomacy.sources.schemas import CitationIn, CitationOut
from citydiplomacy.sources.selectors import citations_of


class TopicOut(Schema):
    slug: str
    name: str


class OrganisationRef(Schema):
    slug: str
    name: str
    acronym: str
    url: str

    @staticmethod
    def resolve_url(obj: Organisation) -> str:
        return record_url("organisations:detail", obj.slug)


class OrganisationOut(OrganisationRef):
    id: int
    kind: str
    kind_label: str
    themes: list[str]
    founded: str
    dissolved: str
    secretariat_city: CityRef | None
    secretariat_country: str | None = Field(alias="secretariat_country_id")
    website: str
    wikidata_id: str
    description: str
    sources: list[CitationOut]
    version: int

    @staticmethod
    def resolve_kind_label(obj: Organisation) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_themes(obj: Organisation) -> list[str]:
        return [topic.slug for topic in obj.themes.all()]

    @staticmethod
    def resolve_sources(obj: Organisation) -> list[Citation]:
        return citations_of(obj)


class OrganisationListOut(OrganisationOut):
    member_count: int = Field(0, description="Cities that are current members.")


class OrganisationIn(Schema):
    name: str
    slug: str = Field("", description="Made from the acronym or name when left empty.")
    acronym: str = ""
    kind: str
    themes: list[str] = Field([], description="Topic slugs, e.g. climate.")
    founded: str = Field("", description="A year, year-month or date: 1982, 1982-05, 1982-05-14.")
    dissolved: str = ""
    secretariat_city: int | None = Field(None, description="GeoNames id of the city.")
    secretariat_country: str | None = Field(None, description="ISO 3166 alpha-2 code.")
    website: str = ""
    wikidata_id: str = ""
    description: str = ""
    sources: list[CitationIn] = []


class OrganisationPatch(Schema):
    version: int = Field(description="The version you are changing (from a previous read).")
    name: str | None = None
    acronym: str | None = None
    kind: str | None = None
    themes: list[str] | None = None
    founded: str | None = None
    dissolved: str | None = None
    secretariat_city: int | None = None
    secretariat_country: str | None = None
    website: str | None = None
    wikidata_id: str | None = None
    description: str | None = None
    sources: list[CitationIn] | None = None


class MembershipOut(Schema):
    id: int
    city: CityRef
    organisation: OrganisationRef
    role: str
    role_label: str
    joined: str
    left: str
    current: bool
    note: str
    sources: list[CitationOut]
    version: int
    url: str

    @staticmethod
    def resolve_role_label(obj: Membership) -> str:
        return obj.get_role_display()

    @staticmethod
    def resolve_current(obj: Membership) -> bool:
        return obj.is_current

    @staticmethod
    def resolve_sources(obj: Membership) -> list[Citation]:
        return citations_of(obj)

    @staticmethod
    def resolve_url(obj: Membership) -> str:
        return record_url("organisations:membership", obj.pk)


class MembershipIn(Schema):
    city: int = Field(description="GeoNames id of the member city.")
    organisation: str = Field(description="Slug of the organisation, e.g. c40.")
    role: str = "member"
    joined: str = ""
    left: str = ""
    note: str = ""
    sources: list[CitationIn] = []


class MembershipPatch(Schema):
    version: int = Field(description="The version you are changing (from a previous read).")
    role: str | None = None
    joined: str | None = None
    left: str | None = None
    note: str | None = None
    sources: list[CitationIn] | None = None


def topic_out(topic: Topic) -> dict[str, str]:
    return {"slug": topic.slug, "name": topic.name}
