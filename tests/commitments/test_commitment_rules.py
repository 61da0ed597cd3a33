"""The on-track rule at its boundary, each city once, the as-of rule, obligations and bad input."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from citydiplomacy.commitments.models import Commitment, CommitmentKind, ObligationKind
from citydiplomacy.commitments.obligations import Evidence, apply_rule
from citydiplomacy.commitments.progress import TOLERANCE, Point, progress_of
from citydiplomacy.commitments.selectors import accountability, obligations_of_city
from citydiplomacy.commitments.services import (
    commitment_record,
    inventory_record,
    progress_record,
    rule_record,
)
from citydiplomacy.commitments.weight import INTERSECTION, UNION, Selection, coalition_weight
from citydiplomacy.geo.models import PopulationFigure
from citydiplomacy.organisations.models import Organisation
from citydiplomacy.organisations.services import membership_record, organisation_create
from tests.conftest import BERLIN, LONDON, PARIS, TOKYO

pytestmark = pytest.mark.django_db


def target(**values):
    base = dict(kind=CommitmentKind.ABSOLUTE, baseline_year=2010, baseline_value=100.0,
                target_year=2030, target_percent=50.0)  # fmt: skip
    return Commitment(**{**base, **values})


def status_at(value: float, year: int = 2020, current: int = 2021) -> str:
    point = Point(year, value, "inventory", "test")
    return progress_of(target(), inventories=[point], reports=[], current_year=current).status


def test_a_figure_exactly_on_the_trajectory_plus_tolerance_is_on_track_and_just_above_is_not():
    # Halfway from 2010 to 2030 the line is at 75; the tolerance is 5% of the gap of 50.
    edge = 75 + TOLERANCE * 50
    assert status_at(edge) == "on-track"
    assert status_at(edge + 0.01) == "off-track"
    assert status_at(50) == "achieved"


def test_percent_achieved_is_the_share_of_the_gap_closed():
    point = Point(2020, 80.0, "inventory", "test")
    progress = progress_of(target(), inventories=[point], reports=[], current_year=2021)
    assert progress.percent_achieved == pytest.approx(40.0)
    assert progress.expected_value == pytest.approx(75.0)


def test_a_figure_older_than_the_staleness_limit_is_stale_and_none_is_no_data():
    assert status_at(60, year=2015, current=2021) == "stale"
    assert progress_of(target(), inventories=[], reports=[], current_year=2021).status == "no-data"


def test_a_reported_percent_alone_is_judged_against_the_share_of_the_way():
    report = Point(2020, None, "report", "cdp", percent_achieved=45.0)
    progress = progress_of(target(), inventories=[], reports=[report], current_year=2021)
    assert progress.status == "on-track" and progress.expected_percent == 50.0
    late = Point(2020, None, "report", "cdp", percent_achieved=44.9)
    assert progress_of(target(), inventories=[], reports=[late], current_year=2021).status == (
        "off-track"
    )


def test_an_inventory_of_the_base_year_is_the_baseline_and_the_target_scales_with_it():
    # The target row says 100 in 2010; the city's own 2010 inventory says 200 (another
    # method): progress runs inventory to inventory, the target 50% below 200.
    inventories = [Point(2010, 200.0, "inventory", "a"), Point(2020, 160.0, "inventory", "b")]
    progress = progress_of(target(), inventories=inventories, reports=[], current_year=2021)
    assert progress.baseline.value == 200.0 and progress.target.value == 100.0
    assert progress.percent_achieved == pytest.approx(40.0)
    assert "2010 inventory" in progress.note
    # Without a base-year inventory the stated baseline stands.
    alone = progress_of(target(), inventories=inventories[1:], reports=[], current_year=2021)
    assert alone.baseline.value == 100.0 and alone.status == "off-track"


def test_an_inventory_total_not_on_the_baselines_footing_is_left_out_and_named():
    # Thousands of tonnes against tonnes, and a 0 placeholder: neither measures the target.
    tonnes = Point(2019, 95_000.0, "inventory", "cdp-2020")
    zero = Point(2020, 0.0, "inventory", "cdp-2021")
    kept = Point(2016, 90.0, "inventory", "cdp-2017")
    progress = progress_of(target(), inventories=[kept, tonnes, zero], reports=[],
                           current_year=2021)  # fmt: skip
    assert progress.latest == kept and progress.left_out == [tonnes, zero]
    assert "2019, 2020 left out" in progress.note
    # Just inside the factor of ten either way, a figure counts.
    edge = [Point(2019, 10.0, "inventory", "x"), Point(2020, 1000.0, "inventory", "y")]
    assert progress_of(target(), inventories=edge, reports=[], current_year=2021).left_out == []


def test_bad_commitment_figures_are_refused_naming_the_field(system, cite, city):
    paris = city(PARIS)
    cases = {
        "target_year": dict(baseline_year=2020, target_year=2010),
        "target_percent": dict(target_percent=120.0),
        "baseline_value": dict(baseline_value=-1.0),
    }
    for field, values in cases.items():
        with pytest.raises(ValidationError) as error:
            commitment_record(city=paris, kind="absolute-reduction", citations=cite, actor=system,
                              **values)  # fmt: skip
        assert field in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        commitment_record(city=paris, kind="other", target_percent=-5.0, citations=cite,
                          actor=system)  # fmt: skip
    assert "target_percent" in error.value.message_dict


def test_a_negative_or_future_inventory_and_an_early_progress_report_are_refused(
    system, cite, city
):
    paris = city(PARIS)
    with pytest.raises(ValidationError) as error:
        inventory_record(city=paris, year=2019, total=-3.0, reported_in="t", citations=cite,
                         actor=system)  # fmt: skip
    assert "total" in error.value.message_dict
    future = dt.date.today().year + 1
    with pytest.raises(ValidationError) as error:
        inventory_record(city=paris, year=future, total=3.0, reported_in="t", citations=cite,
                         actor=system)  # fmt: skip
    assert "year" in error.value.message_dict
    made = commitment_record(city=paris, kind="net-zero", made="2018", citations=cite,
                             actor=system)  # fmt: skip
    with pytest.raises(ValidationError) as error:
        progress_record(commitment=made, year=2017, percent_achieved=3.0, reported_in="t",
                        citations=cite, actor=system)  # fmt: skip
    assert "year" in error.value.message_dict


def _network(slug, system, cite):
    return organisation_create(slug=slug, name=slug.upper(), kind="city-network", citations=cite,
                               actor=system)  # fmt: skip


def test_a_city_in_two_networks_under_two_names_is_counted_once(system, cite, city):
    one, two = _network("net-one", system, cite), _network("net-two", system, cite)
    paris, berlin = city(PARIS), city(BERLIN)
    # Paris as the two networks list it ("Paris", "Ville de Paris"): one gazetteer record.
    membership_record(city=paris, organisation=one, joined="2010", note="Paris", citations=cite,
                      actor=system)  # fmt: skip
    membership_record(city=paris, organisation=two, joined="2012", note="Ville de Paris",
                      citations=cite, actor=system)  # fmt: skip
    membership_record(city=berlin, organisation=two, joined="2012", citations=cite, actor=system)
    union = coalition_weight(Selection([one, two], UNION, as_of=2021))
    assert union["cities"] == 2 and [r["name"] for r in union["rows"]] == ["Berlin", "Paris"]
    assert union["population"] == paris.population + berlin.population
    both = coalition_weight(Selection([one, two], INTERSECTION, as_of=2021))
    assert [r["name"] for r in both["rows"]] == ["Paris"]


def test_the_as_of_year_chooses_members_population_and_emissions(system, cite, city, test_source):
    net = _network("net-asof", system, cite)
    london, tokyo = city(LONDON), city(TOKYO)
    membership_record(city=london, organisation=net, joined="2005", citations=cite, actor=system)
    membership_record(city=tokyo, organisation=net, joined="2019", citations=cite, actor=system)
    for year, people in ((2010, 8_000_000), (2015, 8_600_000), (2020, 9_000_000)):
        PopulationFigure.objects.create(city=london, year=year, population=people,
                                        kind="agglomeration", source=test_source)  # fmt: skip
    for year, total in ((2012, 40.0), (2016, 35.0)):
        inventory_record(city=london, year=year, total=total, reported_in="t", citations=cite,
                         actor=system)  # fmt: skip
    weight = coalition_weight(Selection([net], UNION, as_of=2017))
    (row,) = weight["rows"]  # Tokyo joined after 2017
    assert row["population"] == 8_600_000 and "2015" in row["population_from"]
    assert row["emissions"] == 35.0 and row["emissions_year"] == 2016
    later = coalition_weight(Selection([net], UNION, as_of=2021))
    tokyo_row = next(r for r in later["rows"] if r["name"] == tokyo.name)
    assert "gazetteer" in tokyo_row["population_from"] and later["cities"] == 2
    assert later["share_with_population_series"] == 0.5


def test_obligations_are_met_due_or_overdue_from_the_join_date_and_the_records(system, cite):

    from citydiplomacy.commitments.models import ObligationRule

    every = ObligationRule(kind=ObligationKind.INVENTORY, within_years=1, every_years=2,
                           description="inventory")  # fmt: skip
    today = dt.date(2021, 6, 1)
    args = dict(organisation_name="N", organisation_slug="n", today=today)
    assert apply_rule(every, joined="2020", evidence=Evidence(), **args).state == "due"
    assert apply_rule(every, joined="2018", evidence=Evidence(), **args).state == "overdue"
    met = apply_rule(every, joined="2018", evidence=Evidence(inventory=(2019,)), **args)
    assert met.state == "met" and met.due == dt.date(2021, 12, 31)
    old = apply_rule(every, joined="2012", evidence=Evidence(inventory=(2015,)), **args)
    assert old.state == "overdue"
    no_deadline = ObligationRule(kind=ObligationKind.ACTION_PLAN, description="plan")
    assert apply_rule(no_deadline, joined="", evidence=Evidence(), **args).state == "expected"


def test_a_city_sees_the_obligations_of_each_of_its_networks_and_the_report_counts_them(
    system, cite, city
):
    net = _network("net-rules", system, cite)
    paris = city(PARIS)
    membership_record(city=paris, organisation=net, joined="2015", citations=cite, actor=system)
    rule_record(organisation=net, kind="inventory", description="inventory every 2 years",
                within_years=1, every_years=2, citations=cite, actor=system)  # fmt: skip
    today = dt.date.today()
    inventory_record(city=paris, year=today.year - 1, total=10.0, reported_in="t",
                     citations=cite, actor=system)  # fmt: skip
    (obligation,) = obligations_of_city(paris)
    assert obligation.state == "met"
    report = accountability(Organisation.objects.get(slug="net-rules"))
    assert report["members"] == 1 and report["rows"][0]["obligations_met"] == 1
    assert report["reporting"] == 1
