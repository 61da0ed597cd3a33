"""API shapes of agreements."""

from ninja import Field, Schema

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.core.links import record_url
from citydiplomacy.geo.schemas import CityRef
from citydiplomacy.sources.models import Citation
from citydiplomacy.sources.schemas import CitationIn, CitationOut
from citydiplomacy.sources.selectors import citations_of


class AgreementOut(Schema):
    id: int
    city_a: CityRef
    city_b: CityRef
    kind: str
    kind_label: str
    signed: str
    ended: str
    status: str
    as_of: str = Field("", description="The date of the snapshot that states the status.")
    via_district: bool = Field(
        False, description="A source names a district or borough of one city, not the city."
    )
    title: str
    note: str
    one_sided: bool = Field(description="Only one of the two cities' records states the tie.")
    stated_only_by: int | None = Field(
        None, alias="stated_only_by_id", description="GeoNames id of the city that states it."
    )
    sources: list[CitationOut]
    version: int
    url: str

    @staticmethod
    def resolve_kind_label(obj: Agreement) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_sources(obj: Agreement) -> list[Citation]:
        return citations_of(obj)

    @staticmethod
    def resolve_url(obj: Agreement) -> str:
        return record_url("agreements:detail", obj.pk)


class AgreementIn(Schema):
    city_a: int = Field(description="GeoNames id of one city (the order does not matter).")
    city_b: int = Field(description="GeoNames id of the other city.")
    kind: str = "sister-city"
    signed: str = Field("", description="A year, year-month or date: 1960, 1960-02, 1960-02-29.")
    ended: str = ""
    status: str = "unknown"
    title: str = ""
    note: str = ""
    sources: list[CitationIn] = []


class AgreementPatch(Schema):
    version: int = Field(description="The version you are changing (from a previous read).")
    kind: str | None = None
    signed: str | None = None
    ended: str | None = None
    status: str | None = None
    title: str | None = None
    note: str | None = None
    sources: list[CitationIn] | None = None
