"""Two sources of one membership give one record with both citations, not two records."""

import pytest

from citydiplomacy.organisations.bulk import MembershipWriter
from citydiplomacy.organisations.models import Membership
from citydiplomacy.organisations.services import membership_record, organisation_create
from citydiplomacy.sources.models import SourceKind
from citydiplomacy.sources.services import source_ensure
from tests.conftest import LONDON, PARIS

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(system, cite):
    return organisation_create(
        name="Test Climate Group", kind="city-network", citations=cite, actor=system
    )


@pytest.fixture
def snapshot(system):
    return source_ensure(
        key="test-snapshot", title="A members list", kind=SourceKind.DATASET, actor=system
    )


def load(system, source, network, *rows):
    writer = MembershipWriter(system, source)
    for number, (city, role, joined) in enumerate(rows, start=2):
        writer.add(city=city, organisation=network.pk, role=role, joined=joined, row=number)
    return writer.flush()


def test_a_plain_member_statement_joins_the_founding_membership_with_its_citation(
    system, cite, city, network, snapshot
):
    membership_record(
        city=city(LONDON), organisation=network, role="founder", citations=cite, actor=system
    )
    outcome = load(system, snapshot, network, (LONDON, "member", ""))
    assert [o.status for o in outcome.values()] == ["merged"]
    (london,) = Membership.objects.filter(city_id=LONDON, organisation=network)
    assert london.role == "founder"
    keys = set(london.citations.values_list("source__key", flat=True))
    assert keys == {"test-fixture", "test-snapshot"}


def test_a_founder_statement_about_a_plain_member_and_two_spells_stay_apart(
    system, cite, city, network, snapshot
):
    membership_record(
        city=city(PARIS), organisation=network, role="member", citations=cite, actor=system
    )
    for joined in ("2001", "2010"):
        membership_record(
            city=city(LONDON), organisation=network, role="founder", joined=joined,
            citations=cite, actor=system,
        )  # fmt: skip
    outcome = load(system, snapshot, network, (PARIS, "founder", ""), (LONDON, "member", ""))
    assert sorted(o.status for o in outcome.values()) == ["created", "created"]
    assert Membership.objects.filter(city_id=PARIS, organisation=network).count() == 2
    assert Membership.objects.filter(city_id=LONDON, organisation=network).count() == 3
