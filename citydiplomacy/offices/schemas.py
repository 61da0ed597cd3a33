"""API shapes of offices and their members."""

from ninja import Schema

from citydiplomacy.core.links import record_url
from citydiplomacy.geo.schemas import CityRef
from citydiplomacy.offices.models import Office, OfficeMembership


class OfficeRef(Schema):
    slug: str
    name: str
    url: str

    @staticmethod
    def resolve_url(obj: Office) -> str:
        return record_url("offices:dashboard", obj.slug)


class OfficeOut(OfficeRef):
    id: int
    city: CityRef
    description: str
    dormant_after_months: int
    version: int


class MemberOut(Schema):
    id: int
    username: str
    role: str
    version: int

    @staticmethod
    def resolve_username(obj: OfficeMembership) -> str:
        return obj.user.get_username()
