"""An organisation's profile charts its members joining and leaving over the years, with the
table of every year as its twin, in the page and in its JSON."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from citydiplomacy.geo.models import City
from citydiplomacy.organisations.charts import membership_chart, membership_timeline
from citydiplomacy.organisations.services import membership_record, organisation_create
from tests.conftest import BERLIN, LONDON, NEW_YORK, PARIS, TOKYO

pytestmark = pytest.mark.django_db


def row(joined: str, left: str = "") -> dict[str, str]:
    return {"joined": joined, "left": left}


def test_the_timeline_counts_joins_and_departures_per_year_and_members_at_its_end():
    timeline = membership_timeline(
        [row("2001"), row("2001-05"), row("2003", "2005-02-01"), row(""), row("", "2004")]
    )
    assert timeline["years"] == [
        {"year": 2001, "joined": 2, "left": 0, "members": 2},
        {"year": 2002, "joined": 0, "left": 0, "members": 2},
        {"year": 2003, "joined": 1, "left": 0, "members": 3},
        {"year": 2004, "joined": 0, "left": 0, "members": 3},
        {"year": 2005, "joined": 0, "left": 1, "members": 2},
    ]
    # With no known start a membership is in no year, even when its end is known.
    assert timeline["joined_unknown"] == 2


def test_no_known_date_gives_no_chart():
    timeline = membership_timeline([row(""), row("")])
    assert timeline == {"years": [], "joined_unknown": 2}
    assert membership_chart(timeline).empty


def test_the_chart_draws_a_line_each_for_joined_and_left_on_whole_number_ticks():
    chart = membership_chart(membership_timeline([row("2001"), row("2001"), row("2002", "2003")]))
    assert [line["label"] for line in chart.lines] == ["joined that year", "left that year"]
    assert len(chart.dots) == 2 * 3
    assert [tick["label"] for tick in chart.y_ticks] == ["0", "1", "2", "3", "4"]
    assert "2001: 2 joined that year" in [dot["label"] for dot in chart.dots]


@pytest.fixture
def network(cite, system):
    network = organisation_create(
        name="Timeline Network", kind="city-network", citations=cite, actor=system
    )
    for geonames_id, joined, left in (
        (PARIS, "1990", ""),
        (LONDON, "1990-06", "1998"),
        (BERLIN, "1995", ""),
        (TOKYO, "", ""),
    ):
        membership_record(
            city=City.objects.get(pk=geonames_id),
            organisation=network,
            joined=joined,
            left=left,
            citations=cite,
            actor=system,
        )
    return network


def test_the_profile_and_its_json_show_the_same_timeline(client, network):
    data = client.get(f"/organisations/{network.slug}/?format=json").json()
    years = data["membership_timeline"]["years"]
    assert (years[0], years[-1]) == (
        {"year": 1990, "joined": 2, "left": 0, "members": 2},
        {"year": 1998, "joined": 0, "left": 1, "members": 2},
    )
    assert data["membership_timeline"]["joined_unknown"] == 1
    assert not data["membership_chart"]["empty"]
    html = client.get(f"/organisations/{network.slug}/").content.decode()
    assert 'data-testid="membership-chart"' in html
    assert 'data-testid="membership-timeline"' in html
    assert "style=" not in html.split('data-testid="membership-chart"')[1].split("</figure>")[0]


def test_the_timeline_costs_no_query_whatever_the_members(client, network, cite, system):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/organisations/{network.slug}/").status_code == 200
        return len(captured)

    few = queries()
    for number, city in enumerate(City.objects.exclude(pk=NEW_YORK).order_by("-population")[:50]):
        membership_record(
            city=city,
            organisation=network,
            role="observer",
            joined=str(1950 + number),
            citations=cite,
            actor=system,
        )
    assert queries() == few == 12
