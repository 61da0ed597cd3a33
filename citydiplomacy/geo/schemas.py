"""API shapes of countries and cities."""

from ninja import Field, Schema

from citydiplomacy.core.links import record_url
from citydiplomacy.geo.models import City, Country


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
