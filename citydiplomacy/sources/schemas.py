"""API shapes of sources and citations."""

from ninja import Field, Schema

from citydiplomacy.core.links import record_url
from citydiplomacy.sources.models import Citation, Source


class SourceRef(Schema):
    key: str
    title: str
    url: str
    page_url: str

    @staticmethod
    def resolve_page_url(obj: Source) -> str:
        return record_url("sources:detail", obj.key)


class SourceOut(SourceRef):
    kind: str
    author: str
    published: str
    file_name: str
    note: str
    version: int


class SourceIn(Schema):
    key: str
    title: str
    kind: str
    author: str = ""
    published: str = ""
    url: str = ""
    file_name: str = ""
    note: str = ""


class SourcePatch(Schema):
    version: int = Field(description="The version you are changing (from a previous read).")
    title: str | None = None
    kind: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    file_name: str | None = None
    note: str | None = None


class CitationOut(Schema):
    source: SourceRef
    page: str
    locator: str
    quote: str
    as_written: str = Field("", description="The names as the source wrote them.")

    @staticmethod
    def resolve_source(obj: Citation) -> Source:
        return obj.source


class CitationIn(Schema):
    source: str = Field(description="The key of an existing source, e.g. geonames-cities15000.")
    page: str = ""
    locator: str = ""
    quote: str = ""
