"""A city's agreements panel links to "these" agreements in the list and in every export:
the links give exactly the panel's rows, no more (ties of other cities) and no fewer."""

import csv
import io

import pytest

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.agreements.services import agreement_record
from tests.conftest import BERLIN, LONDON, NEW_YORK, PARIS

pytestmark = pytest.mark.django_db


@pytest.fixture
def paris_ties(city, cite, system):
    for partner in (BERLIN, NEW_YORK):
        agreement_record(
            city_a=city(PARIS), city_b=city(partner), kind="cooperation", citations=cite,
            actor=system,
        )  # fmt: skip
    # A tie Paris is not part of must stay out of "these".
    agreement_record(city_a=city(LONDON), city_b=city(BERLIN), citations=cite, actor=system)


def test_export_these_and_the_list_link_give_the_panels_rows(client, paris_ties):
    page = client.get(f"/cities/{PARIS}/?format=json").json()
    panel_ids = {row["id"] for row in page["agreements"]}
    assert len(panel_ids) >= 2
    links = page["agreements_links"]

    listed = client.get(links["list"] + "&per_page=500&format=json").json()
    assert listed["count"] == len(panel_ids)
    assert {row["id"] for row in listed["results"]} == panel_ids

    response = client.get(links["exports"]["csv"])
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {int(row["id"]) for row in rows} == panel_ids
    assert all(str(PARIS) in (row["city_a_geonames_id"], row["city_b_geonames_id"]) for row in rows)


def test_the_page_shows_the_links(client, paris_ties):
    html = client.get(f"/cities/{PARIS}/").content.decode()
    assert f'href="/agreements/?city={PARIS}"' in html
    assert f'href="/export/agreements.csv?city={PARIS}"' in html


def test_a_one_sided_tie_says_which_city_states_it(client, city, cite, system):
    tie = agreement_record(city_a=city(PARIS), city_b=city(LONDON), citations=cite, actor=system)
    # Importers set the stating side; no form does, so the test sets it as they leave it.
    Agreement.objects.filter(pk=tie.pk).update(stated_only_by_id=LONDON)
    html = client.get(f"/cities/{PARIS}/").content.decode()
    assert "(stated only by London)" in html
