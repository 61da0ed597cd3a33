"""People's sections of city and organisation profiles: mayors and other office holders."""

from typing import Any

from citydiplomacy.core.extensions import PanelData
from citydiplomacy.core.schemas import dump
from citydiplomacy.geo.models import City
from citydiplomacy.people.schemas import OfficeOut
from citydiplomacy.people.selectors import (
    mayors_of_city,
    offices_in_organisation,
    other_offices_in_city,
)


def city_panel(city: City, request: Any) -> PanelData:
    mayors = list(mayors_of_city(city))
    offices = list(other_offices_in_city(city))
    return PanelData(
        data={
            "mayors": [dump(OfficeOut, office) for office in mayors],
            "other_offices": [dump(OfficeOut, office) for office in offices],
        },
        counts={"mayors": len(mayors)},
        cited=[*mayors, *offices],
    )


def organisation_panel(organisation: Any, request: Any) -> PanelData:
    offices = list(offices_in_organisation(organisation))
    return PanelData(data={"offices": [dump(OfficeOut, o) for o in offices]}, cited=offices)
