"""A small twinning graph on top of the starter data, written through the real services."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.agreements.services import agreement_record
from citydiplomacy.core.history.services import Actor
from citydiplomacy.engagements.services import engagement_create
from citydiplomacy.geo.models import City
from citydiplomacy.network.services import RebuildOptions, network_rebuild
from citydiplomacy.organisations.models import Organisation
from citydiplomacy.organisations.services import membership_record
from citydiplomacy.sources.services import CitationSpec

LYON = 2996944
MILAN = 3173435
BIRMINGHAM = 2655603
FRANKFURT = 2925533
KYOTO = 1857910
BOSTON = 4930956


@pytest.fixture
def ties(
    db: None, city: Callable[[int], City], cite: list[CitationSpec], system: Actor
) -> dict[str, Any]:
    """Lyon twinned with Milan, Birmingham, Frankfurt (one-sided, stated by Frankfurt) and,
    in the past, Kyoto (ended); Milan and Frankfurt; Boston and Kyoto signed in 2030."""

    def tie(a: int, b: int, **fields: Any) -> Agreement:
        return agreement_record(
            city_a=city(a), city_b=city(b), citations=cite, actor=system, **fields
        )

    tie(LYON, MILAN, signed="1966")
    tie(LYON, BIRMINGHAM, signed="1951")
    one_sided = tie(LYON, FRANKFURT)
    Agreement.objects.filter(pk=one_sided.pk).update(stated_only_by_id=FRANKFURT)
    tie(LYON, KYOTO, signed="1959", ended="2001", status="ended")
    tie(MILAN, FRANKFURT, signed="1970")
    tie(BOSTON, KYOTO, signed="2030")
    c40 = Organisation.objects.get(slug="c40")
    membership_record(city=city(LYON), organisation=c40, role="chair", citations=cite, actor=system)
    membership_record(city=city(MILAN), organisation=c40, citations=cite, actor=system)
    return {"c40": c40}


@pytest.fixture
def rebuilt(ties: dict[str, Any], system: Actor) -> Any:
    return network_rebuild(RebuildOptions(), system)


@pytest.fixture
def private_tie(la_office: Any, la_admin: Any, city: Callable[[int], City], system: Actor) -> Any:
    """The LA office met Birmingham: a tie no public layer has."""
    return engagement_create(
        office=la_office, kind="bilateral-meeting", title="Private talks",
        starts_on=dt.date(2025, 5, 1), cities=[city(BIRMINGHAM)], actor=system,
    )  # fmt: skip
