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
    terms = list(mayors_of_city(city))  # newest first
    mayors = [dump(OfficeOut, office) for office in terms]
    offices = list(other_offices_in_city(city))
    return PanelData(
        data={
            "mayors": mayors,
            "other_offices": [dump(OfficeOut, office) for office in offices],
        },
        counts={"mayors": len(mayors)},
        summary=_newest_mayor(mayors),
        cited=[*terms, *offices],
    )


def _newest_mayor(mayors: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The header's line on the newest mayor on record, in the sources' terms: a term whose
    end no source gives is "since", not "current" (the sources may be out of date)."""
    if not mayors:
        return []
    newest = mayors[0]
    person = newest["person"]
    if newest["end"]:
        text = f"Latest mayor on record: {person['name']} ({newest['start']}-{newest['end']})"
    elif newest["start"]:
        text = f"Mayor since {newest['start']}: {person['name']} (no end on record)"
    else:
        text = f"Mayor on record: {person['name']}"
    return [{"text": text, "url": person["url"]}]


def organisation_panel(organisation: Any, request: Any) -> PanelData:
    offices = list(offices_in_organisation(organisation))
    return PanelData(data={"offices": [dump(OfficeOut, o) for o in offices]}, cited=offices)
