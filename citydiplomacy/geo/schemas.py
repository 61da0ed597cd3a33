"""API shapes of countries and cities."""

from ninja import Field, Schema

from citydiplomacy.core.links import record_url
from citydiplomacy.geo.models import City, Country, ProvisionalPlace


class CountryRef(Schema):
    iso2: str
    name: str


class CountryOut(CountryRef):
    iso3: str
    m49: str
    official_name: str
    region: str
    region_label: str
    subregion: str
    population: int | None
    url: str

    @staticmethod
    def resolve_region_label(obj: Country) -> str:
        return obj.get_region_display()

    @staticmethod
    def resolve_url(obj: Country) -> str:
        return record_url("geo:country", obj.iso2)


class CityRef(Schema):
    geonames_id: int
    name: str
    country: str = Field(alias="country_id")
    latitude: float
    longitude: float
    population: int
    provisional: bool = Field(
        False,
        description="Not yet matched: a place a source names that no gazetteer city matched; "
        "its id is not a GeoNames id (see /cities/review/).",
    )
    url: str

    @staticmethod
    def resolve_url(obj: City) -> str:
        return record_url("geo:city", obj.geonames_id)


class CityOut(CityRef):
    wikidata_id: str
    ascii_name: str
    country_name: str = Field(alias="country.name")
    region: str = Field(alias="country.region")
    subregion: str = Field(alias="country.subregion")
    admin1_code: str
    admin1_name: str
    timezone: str
    feature_code: str = Field(description="GeoNames' feature code; blank where unknown.")
    part_of: int | None = Field(
        None, alias="part_of_id", description="The city this place is a part of, if any."
    )
    version: int
    agreements: int | None = Field(
        None,
        alias="agreement_count",
        description="Agreements with this city on either side (lists and reads).",
    )
    partners: int | None = Field(
        None, alias="partner_count", description="Distinct partner cities of its agreements."
    )
    memberships: int | None = Field(
        None, alias="membership_count", description="Memberships in force (no end date)."
    )


class CitySuggestion(Schema):
    geonames_id: int
    name: str
    label: str
    country: str
    country_name: str = Field(alias="country.name")
    division: str = Field(alias="admin1_name")
    population: int
    reason: str = Field(
        "", description='Why the city matched: "name", "alternate name: Koeln", ...'
    )
    provisional: bool = Field(
        False, description="Not yet matched: a place an import kept that no gazetteer city matched."
    )
    url: str

    @staticmethod
    def resolve_reason(obj: City) -> str:
        return str(getattr(obj, "match_reason", ""))

    @staticmethod
    def resolve_label(obj: City) -> str:
        return obj.label

    @staticmethod
    def resolve_country(obj: City) -> str:
        return obj.country_id

    @staticmethod
    def resolve_url(obj: City) -> str:
        return record_url("geo:city", obj.geonames_id)


class CityPatch(Schema):
    version: int
    wikidata_id: str | None = None


class CandidateOut(Schema):
    geonames_id: int
    name: str
    country: str
    admin1: str = ""
    latitude: float
    longitude: float
    population: int = 0
    km: float | None = Field(None, description="Distance to the source's point, if it gave one.")


class ProvisionalOut(Schema):
    """A provisional place in the review queue: the source's words, the resolver's reason
    and candidates, and where it stands."""

    geonames_id: int = Field(alias="city_id", description="The place's id (not a GeoNames id).")
    name: str = Field(alias="city.name")
    written_name: str
    written_country: str
    country: str = Field(alias="city.country_id")
    country_name: str = Field(alias="city.country.name")
    latitude: float | None = Field(None, description="The source's point, if it gave one.")
    longitude: float | None = None
    approximate_point: bool
    reason: str
    reason_label: str
    note: str
    candidates: list[CandidateOut]
    import_run: int | None = Field(None, alias="import_run_id")
    state: str
    ties: int = Field(0, description="Agreements, memberships and terms naming the place.")
    version: int
    url: str

    @staticmethod
    def resolve_reason_label(obj: ProvisionalPlace) -> str:
        return obj.get_reason_display()

    @staticmethod
    def resolve_ties(obj: ProvisionalPlace) -> int:
        return int(getattr(obj, "tie_count", 0) or 0)

    @staticmethod
    def resolve_url(obj: ProvisionalPlace) -> str:
        return record_url("geo:city", obj.city_id)


class SettleIn(Schema):
    choice: int | None = Field(
        None,
        description="The GeoNames id of the city meant (a candidate or any registry city); "
        "empty or null: confirm the place as a new one.",
    )
