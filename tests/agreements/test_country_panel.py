"""A country's page breaks its cities' agreements down by the partner's country (the
Truman Center's national map of ties, for any country), with links to the list filtered by
both countries, in a fixed number of queries."""

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.agreements.panels import country_panel
from citydiplomacy.agreements.services import agreement_record
from citydiplomacy.geo.models import City, Country
from tests.conftest import BERLIN, LONDON, NEW_YORK, PARIS

pytestmark = pytest.mark.django_db


def expected_breakdown(iso2: str) -> Counter[str]:
    """Counted one agreement at a time, the slow way the panel must agree with."""
    counts: Counter[str] = Counter()
    for a, b in Agreement.objects.values_list("city_a__country_id", "city_b__country_id"):
        if a == iso2:
            counts[b] += 1
        elif b == iso2:
            counts[a] += 1
    return counts


@pytest.fixture
def french_ties(city, cite, system):
    paris = city(PARIS)
    other_french = City.objects.filter(country="FR").exclude(pk=PARIS).first()
    for partner, kind in ((BERLIN, "cooperation"), (BERLIN, "friendship"), (LONDON, "cooperation")):
        agreement_record(
            city_a=paris, city_b=city(partner), kind=kind, citations=cite, actor=system
        )
    # Paris named second: the tie counts whichever side the city is stored on.
    agreement_record(city_a=city(NEW_YORK), city_b=paris, kind="friendship", citations=cite,
                     actor=system)  # fmt: skip
    agreement_record(city_a=paris, city_b=other_french, kind="partnership", citations=cite,
                     actor=system)  # fmt: skip


def test_the_breakdown_counts_each_tie_once_under_the_partners_country(client, french_ties):
    body = client.get("/countries/FR/?format=json").json()
    rows = body["partner_countries"]
    assert {r["iso2"]: r["agreements"] for r in rows} == dict(expected_breakdown("FR"))
    assert {"DE", "GB", "US", "FR"} <= {r["iso2"] for r in rows}
    figures = [r["agreements"] for r in rows]
    assert figures == sorted(figures, reverse=True)
    assert body["counts"]["agreements"] == sum(expected_breakdown("FR").values())


def test_each_partner_links_to_the_ties_between_the_two_countries(client, french_ties):
    rows = client.get("/countries/FR/?format=json").json()["partner_countries"]
    germany = next(r for r in rows if r["iso2"] == "DE")
    assert germany["url"] == "/agreements/?country=FR&country=DE"
    listed = client.get(germany["url"] + "&format=json").json()
    assert listed["count"] == germany["agreements"]
    for row in listed["results"]:
        assert {row["city_a"]["country"], row["city_b"]["country"]} == {"FR", "DE"}
    html = client.get("/countries/FR/").content.decode()
    assert 'data-testid="partner-countries"' in html
    assert 'href="/agreements/?country=FR&amp;country=DE"' in html


def test_a_country_without_ties_says_so(client):
    lonely = (
        Country.objects.exclude(iso2__in=Agreement.objects.values("city_a__country"))
        .exclude(iso2__in=Agreement.objects.values("city_b__country"))
        .first()
    )
    assert lonely is not None
    response = client.get(f"/countries/{lonely.iso2}/")
    assert response.status_code == 200
    assert "No agreements recorded for cities of" in response.content.decode()
    assert "0 agreements" in response.content.decode()


def test_the_summary_counts_one_agreement_in_the_singular(client, city, cite, system):
    lonely = Country.objects.exclude(iso2__in=Agreement.objects.values("city_a__country")).exclude(
        iso2__in=Agreement.objects.values("city_b__country")
    )
    country = next(c for c in lonely if City.objects.filter(country=c).exists())
    somewhere = City.objects.filter(country=country).first()
    agreement_record(city_a=somewhere, city_b=city(PARIS), citations=cite, actor=system)
    html = client.get(f"/countries/{country.iso2}/").content.decode()
    assert ">1 agreement<" in html


def test_the_panel_runs_three_queries_whatever_the_number_of_ties(city, cite, system):
    france = Country.objects.get(pk="FR")
    with CaptureQueriesContext(connection) as before:
        country_panel(france, None)
    partners = City.objects.exclude(country="FR").order_by("-population")[:40]
    for partner in partners:
        agreement_record(city_a=city(PARIS), city_b=partner, kind="cooperation", citations=cite,
                         actor=system)  # fmt: skip
    with CaptureQueriesContext(connection) as after:
        data = country_panel(france, None)
    # The partner countries (one grouped query per side of the tie) and the map of ties.
    assert len(before) == len(after) == 3
    assert data.counts["agreements"] == sum(expected_breakdown("FR").values())
