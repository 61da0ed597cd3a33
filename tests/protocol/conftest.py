"""Fixtures of the protocol tests: a made-up partner city, an agreement, a visit from it."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from citydiplomacy.core.history.models import Via
from citydiplomacy.core.history.services import Actor
from tests.conftest import LOS_ANGELES

QUILLERTON = 99_000_001  # not a GeoNames id: a made-up city for the briefing tests


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def quillerton(db: None, test_source: Any) -> Any:
    from citydiplomacy.geo.models import City

    return City.objects.create(
        geonames_id=QUILLERTON,
        name="Quillerton",
        ascii_name="Quillerton",
        country_id="NZ",
        admin1_name="Quill Bay",
        latitude=-41.1,
        longitude=174.8,
        population=412_345,
        timezone="Pacific/Auckland",
        source=test_source,
    )


@pytest.fixture
def editor_actor(la_editor: Any) -> Actor:
    return Actor(via=Via.WEB, user=la_editor)


@pytest.fixture
def admin_actor(la_admin: Any) -> Actor:
    return Actor(via=Via.WEB, user=la_admin)


@pytest.fixture
def partner(
    la_office: Any, la_editor: Any, quillerton: Any, city: Any, cite: Any, system: Actor
) -> Any:
    """Quillerton: a sister-city agreement with Los Angeles, an engagement, an open follow-up."""
    from citydiplomacy.agreements.services import agreement_record
    from citydiplomacy.contacts.services import contact_create
    from citydiplomacy.engagements.services import engagement_create, follow_up_create

    agreement = agreement_record(
        city_a=city(LOS_ANGELES),
        city_b=quillerton,
        signed="1998-05-04",
        title="Quillerton and Los Angeles sister-city accord",
        citations=cite,
        actor=system,
    )
    envoy = contact_create(
        office=la_office,
        name="Wilhelmina Pettifer",
        kind="foreign-official",
        title="Deputy Mayor of Quillerton",
        city=quillerton,
        actor=system,
    )
    engagement = engagement_create(
        office=la_office,
        kind="bilateral-meeting",
        title="Quillerton port talks",
        starts_on=dt.date(2025, 6, 2),
        cities=[quillerton],
        contacts=[envoy],
        agreements=[agreement],
        outcomes="Agreed to exchange harbour data.",
        actor=system,
    )
    follow_up = follow_up_create(
        engagement=engagement,
        what="Send the harbour dataset to Quillerton",
        owner=la_editor,
        due_on=dt.date(2026, 1, 15),
        actor=system,
    )
    return SimpleNamespace(
        city=quillerton,
        agreement=agreement,
        envoy=envoy,
        engagement=engagement,
        follow_up=follow_up,
    )


@pytest.fixture
def visit(la_office: Any, partner: Any, editor_actor: Actor) -> Any:
    from citydiplomacy.protocol.services import visit_request

    first = timezone.localdate() + dt.timedelta(days=40)
    return visit_request(
        office=la_office,
        kind="inbound-delegation",
        title="Quillerton delegation",
        starts_on=first,
        ends_on=first + dt.timedelta(days=2),
        requester_kind="partner-city",
        requester_contact=partner.envoy,
        principal="Mayor Tobias Quill",
        purpose="Port cooperation",
        actor=editor_actor,
    )


@pytest.fixture
def full_visit(visit: Any, editor_actor: Actor, la_office: Any) -> Any:
    """The visit with a head of delegation, a programme item and a gift received."""
    from citydiplomacy.protocol.services import (
        delegation_member_create,
        gift_create,
        programme_item_create,
    )

    delegation_member_create(
        visit=visit,
        name="Tobias Quill",
        title="Mayor of Quillerton",
        bio="Mayor since 2021; formerly harbour master.",
        head=True,
        actor=editor_actor,
    )
    programme_item_create(
        visit=visit,
        title="Harbour tour",
        starts_at=at(visit.starts_on, 9),
        ends_at=at(visit.starts_on, 11),
        place="Port of Los Angeles",
        actor=editor_actor,
    )
    gift_create(
        office=la_office,
        given_on=dt.date(2025, 6, 2),
        direction="received",
        engagement=None,
        visit=visit,
        giver="Tobias Quill",
        recipient="Mayor",
        description="Greenstone pendant",
        value=Decimal("300"),
        currency="NZD",
        actor=editor_actor,
    )
    return visit
