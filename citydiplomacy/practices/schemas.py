"""API shapes of practices and adoptions (also the pages' JSON twins)."""

from typing import Any

from ninja import Field, Schema

from citydiplomacy.core.links import record_url
from citydiplomacy.practices.models import Adoption, Practice
from citydiplomacy.sources.models import Citation
from citydiplomacy.sources.schemas import CitationIn, CitationOut
from citydiplomacy.sources.selectors import citations_of


class JurisdictionRef(Schema):
    key: str = Field(description="city:<GeoNames id> or division:<ISO 3166-2 code>.")
    kind: str
    name: str
    country: str
    url: str


def jurisdiction(obj: Any) -> dict[str, Any] | None:
    """A city or a division as a reference (None when unknown)."""
    if obj is None:
        return None
    from citydiplomacy.geo.models import City

    if isinstance(obj, City):
        return {
            "key": f"city:{obj.pk}",
            "kind": "city",
            "name": obj.name,
            "country": obj.country_id,
            "url": record_url("geo:city", obj.pk),
        }
    return {
        "key": f"division:{obj.pk}",
        "kind": "division",
        "name": obj.name,
        "country": obj.country_id,
        "url": record_url("practices:jurisdiction", f"division:{obj.pk}"),
    }


class PracticeRef(Schema):
    id: int
    slug: str
    title: str
    url: str

    @staticmethod
    def resolve_url(obj: Practice) -> str:
        return record_url("practices:detail", obj.slug)


class PracticeOut(PracticeRef):
    summary: str
    problem: str
    topics: list[str]
    category: str
    origin: JurisdictionRef | None
    origin_year: int | None
    evidence_grade: int | None
    evidence_label: str
    evidence_reason: str
    evidence_source: str | None = Field(None, description="Key of the grader's source.")
    cost_notes: str
    complexity_notes: str
    outcomes: str
    variant_of: str | None = Field(None, description="Slug of the practice it is a variant of.")
    successor_of: str | None = None
    documents: list[str]
    sources: list[CitationOut]
    version: int

    @staticmethod
    def resolve_topics(obj: Practice) -> list[str]:
        return [t.slug for t in obj.topics.all()]

    @staticmethod
    def resolve_origin(obj: Practice) -> dict[str, Any] | None:
        return jurisdiction(obj.origin)

    @staticmethod
    def resolve_evidence_label(obj: Practice) -> str:
        return obj.get_evidence_grade_display() if obj.evidence_grade else "not graded"

    @staticmethod
    def resolve_evidence_source(obj: Practice) -> str | None:
        return obj.evidence_source.key if obj.evidence_source else None

    @staticmethod
    def resolve_variant_of(obj: Practice) -> str | None:
        return obj.variant_of.slug if obj.variant_of else None

    @staticmethod
    def resolve_successor_of(obj: Practice) -> str | None:
        return obj.successor_of.slug if obj.successor_of else None

    @staticmethod
    def resolve_documents(obj: Practice) -> list[str]:
        return obj.document_urls

    @staticmethod
    def resolve_sources(obj: Practice) -> list[Citation]:
        return citations_of(obj)


class PracticeIn(Schema):
    slug: str
    title: str
    summary: str = ""
    problem: str = ""
    topics: list[str] = []
    category: str = ""
    origin: str = Field("", description="city:<GeoNames id> or division:<ISO 3166-2 code>.")
    origin_year: int | None = None
    evidence_grade: int | None = Field(None, description="Nesta Standards of Evidence, 1-5.")
    evidence_reason: str = ""
    evidence_source: str = Field("", description="Key of the grader's source.")
    cost_notes: str = ""
    complexity_notes: str = ""
    outcomes: str = ""
    variant_of: str = Field("", description="Slug of the practice it is a variant of.")
    successor_of: str = ""
    documents: list[str] = []
    sources: list[CitationIn] = []


class PracticePatch(Schema):
    version: int = Field(description="The version you are changing (from a previous read).")
    title: str | None = None
    summary: str | None = None
    problem: str | None = None
    topics: list[str] | None = None
    category: str | None = None
    origin: str | None = None
    origin_year: int | None = None
    evidence_grade: int | None = None
    evidence_reason: str | None = None
    evidence_source: str | None = None
    cost_notes: str | None = None
    complexity_notes: str | None = None
    outcomes: str | None = None
    variant_of: str | None = None
    successor_of: str | None = None
    documents: list[str] | None = None
    sources: list[CitationIn] | None = None


class AdoptionOut(Schema):
    id: int
    practice: PracticeRef
    adopter: JurisdictionRef
    adopted_on: str
    status: str
    borrowed_from: int | None = Field(None, alias="borrowed_from_id")
    from_origin: bool
    channel: str
    channel_label: str
    channel_organisation: str | None = Field(None, description="Slug of the organisation.")
    channel_note: str
    adaptation_notes: str
    results: str
    sources: list[CitationOut]
    version: int
    url: str

    @staticmethod
    def resolve_adopter(obj: Adoption) -> dict[str, Any] | None:
        return jurisdiction(obj.adopter)

    @staticmethod
    def resolve_channel_label(obj: Adoption) -> str:
        return obj.get_channel_display()

    @staticmethod
    def resolve_channel_organisation(obj: Adoption) -> str | None:
        return obj.channel_organisation.slug if obj.channel_organisation else None

    @staticmethod
    def resolve_sources(obj: Adoption) -> list[Citation]:
        return citations_of(obj)

    @staticmethod
    def resolve_url(obj: Adoption) -> str:
        return record_url("practices:detail", obj.practice.slug) + f"#adoption-{obj.pk}"


class AdoptionIn(Schema):
    practice: str = Field(description="Slug of the practice.")
    adopter: str = Field(description="city:<GeoNames id> or division:<ISO 3166-2 code>.")
    adopted_on: str = Field("", description="A year, year-month or date; empty if unknown.")
    status: str = "adopted"
    borrowed_from: int | None = Field(None, description="Id of the adoption it learned from.")
    from_origin: bool = False
    channel: str = "unknown"
    channel_organisation: str = Field("", description="Slug of the carrying organisation.")
    channel_note: str = ""
    adaptation_notes: str = ""
    results: str = ""
    sources: list[CitationIn] = []


class AdoptionPatch(Schema):
    version: int = Field(description="The version you are changing (from a previous read).")
    adopted_on: str | None = None
    status: str | None = None
    borrowed_from: int | None = None
    from_origin: bool | None = None
    channel: str | None = None
    channel_organisation: str | None = None
    channel_note: str | None = None
    adaptation_notes: str | None = None
    results: str | None = None
    sources: list[CitationIn] | None = None
