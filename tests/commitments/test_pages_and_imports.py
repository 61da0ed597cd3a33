"""Pages, API and imports: JSON twins, pinned query counts with 10,000 members, real files."""

import csv
import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command

from citydiplomacy.commitments.models import Commitment, EmissionsInventory, ProgressReport
from citydiplomacy.commitments.services import commitment_record, inventory_record
from citydiplomacy.core.history.models import ChangeRecord
from citydiplomacy.geo.models import City
from citydiplomacy.organisations.models import Membership, Organisation
from citydiplomacy.organisations.services import organisation_create
from tests.conftest import PARIS

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "cdp-cities-openclimate"
INVENTORY_FILES = sorted(DATA.glob("CDP_citywide_emissions_*.csv")) if DATA.exists() else []
TARGETS = DATA / (
    "CDP_cities_emissions_reduction_targets_2021__2021_Cities_Emissions_Reduction_Targets"
    "_clean_names.csv"
)
NZT = DATA / "net_zero_tracker__snapshot_2022-12-20_13-07-14.xlsx"


@pytest.fixture
def big_network(system, cite):
    network = organisation_create(slug="big-net", name="Big network", kind="city-network",
                                  citations=cite, actor=system)  # fmt: skip
    ids = list(City.objects.order_by("-population").values_list("pk", flat=True)[:10_000])
    Membership.objects.bulk_create(
        [Membership(city_id=i, organisation=network, joined="2015") for i in ids]
    )
    return network


def test_the_accountability_report_of_10000_members_answers_in_a_fixed_number_of_queries(
    client, big_network, django_assert_max_num_queries, system, cite
):
    # Members with records too: every figure a commitment's progress reads is read at once.
    last_year = dt.date.today().year - 1  # a figure of last year, on the line: on track
    on_the_line = 100.0 - 50.0 * min((last_year - 2010) / 20, 1.0)
    for gid in big_network.memberships.values_list("city_id", flat=True)[:3]:
        city = City.objects.get(pk=gid)
        commitment_record(city=city, kind="absolute-reduction", baseline_year=2010,
                          baseline_value=100.0, target_year=2030, target_percent=50.0,
                          sector="All emissions sources", citations=cite, actor=system)  # fmt: skip
        inventory_record(city=city, year=last_year, total=on_the_line, reported_in="t",
                         citations=cite, actor=system)  # fmt: skip
    with django_assert_max_num_queries(8):
        data = client.get("/organisations/big-net/accountability/?format=json").json()
    # The page shows one page of members; its totals count them all.
    assert data["members"] == data["count"] == 10_000 and len(data["rows"]) == 50
    assert data["with_commitment"] == 3 and data["on_track"] == 3
    with django_assert_max_num_queries(8):
        last = client.get("/organisations/big-net/accountability/?format=json&page=40&per_page=250")
    assert last.json()["page"] == last.json()["pages"] == 40 and len(last.json()["rows"]) == 250
    with django_assert_max_num_queries(8):
        response = client.get("/organisations/big-net/accountability.csv")
        lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 10_001
    with django_assert_max_num_queries(8):
        api = client.get("/api/commitments-views/organisations/big-net/accountability").json()
    assert len(api["rows"]) == 10_000
    # Every member once across the pages, in the page's order (by name).
    names = [r["city_name"] for r in api["rows"]]
    assert names == sorted(names) and len({r["city"] for r in api["rows"]}) == 10_000


def test_the_coalition_weight_of_10000_members_answers_in_a_fixed_number_of_queries(
    client, big_network, django_assert_max_num_queries
):
    with django_assert_max_num_queries(7):
        data = client.get("/commitments/coalition-weight/?organisations=big-net&as_of=2021"
                          "&format=json").json()  # fmt: skip
    weight = data["weight"]
    assert weight["cities"] == data["count"] == 10_000 and len(weight["rows"]) == 50
    assert weight["share_with_population_fallback"] == 1.0
    with django_assert_max_num_queries(7):
        response = client.get("/commitments/coalition-weight.csv?organisations=big-net&as_of=2021")
        rows = list(csv.DictReader(b"".join(response.streaming_content).decode().splitlines()))
    assert len(rows) == 10_000 and sum(int(r["population"]) for r in rows) == weight["population"]
    api = client.get("/api/commitments-views/coalition-weight?organisations=big-net&as_of=2021")
    assert api.status_code == 200 and api.json()["cities"] == 10_000


def test_the_commitment_page_draws_its_trajectory_and_its_json_twin_states_the_status(
    client, system, cite, city
):
    paris = city(PARIS)
    commitment = commitment_record(city=paris, kind="absolute-reduction", baseline_year=2004,
                                   baseline_value=100.0, target_year=2030, target_percent=40.0,
                                   citations=cite, actor=system)  # fmt: skip
    inventory_record(city=paris, year=2018, total=85.0, reported_in="t", citations=cite,
                     actor=system)  # fmt: skip
    html = client.get(f"/commitments/{commitment.pk}/").content.decode()
    assert "<svg" in html and "<polyline" in html and "<script" not in html.split("</header>")[1]
    data = client.get(f"/commitments/{commitment.pk}/?format=json").json()
    assert data["progress"]["latest"]["year"] == 2018
    assert data["progress"]["percent_achieved"] == pytest.approx(37.5)
    api = client.get(f"/api/commitments-views/commitments/{commitment.pk}/progress").json()
    assert api["percent_achieved"] == data["progress"]["percent_achieved"]


def test_the_api_refuses_a_reduction_over_100_percent_naming_the_field(client, editor, cite):
    client.force_login(editor)
    response = client.post(
        "/api/commitments/",
        {"city": PARIS, "kind": "absolute-reduction", "target_percent": 140,
         "sources": [{"source": "test-fixture"}]},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 422 and "target_percent" in response.json()["errors"]
    assert not Commitment.objects.exists()


def test_the_obligations_calendar_is_icalendar(client, city):
    response = client.get(f"/cities/{PARIS}/obligations.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert response.content.startswith(b"BEGIN:VCALENDAR")
    assert client.get(f"/cities/{PARIS}/obligations/?format=json").json()["obligations"] == []


def test_the_coalition_weight_form_names_a_bad_year(client):
    response = client.get("/commitments/coalition-weight/?as_of=abc&format=json")
    assert response.status_code == 422 and "as_of" in response.json()["errors"]
    download = client.get("/commitments/coalition-weight.csv?as_of=abc")
    assert download.status_code == 422 and "as_of" in download.json()["errors"]
    unknown = client.get("/commitments/coalition-weight.csv?organisations=no-such-net")
    assert unknown.status_code == 422 and "organisations" in unknown.json()["errors"]


# --- The real files -------------------------------------------------------------------------


def run(kind: str, path: Path, report: Path) -> list[dict[str, str]]:
    call_command("import", kind, str(path), "--report", str(report), verbosity=0)
    with report.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def data_rows(path: Path) -> int:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return sum(1 for record in csv.reader(handle) if any(c.strip() for c in record)) - 1


@pytest.mark.realdata
@pytest.mark.skipif(not DATA.exists(), reason=f"the public datasets are not at {DATA}")
def test_the_cdp_files_import_twice_with_identical_counts(tmp_path):
    for path in [*INVENTORY_FILES, TARGETS]:
        kind = "cdp-targets" if path == TARGETS else "cdp-inventories"
        first = run(kind, path, tmp_path / "first.csv")
        counts = (EmissionsInventory.objects.count(), Commitment.objects.count(),
                  ProgressReport.objects.count(), ChangeRecord.objects.count())  # fmt: skip
        second = run(kind, path, tmp_path / "second.csv")
        assert counts == (EmissionsInventory.objects.count(), Commitment.objects.count(),
                          ProgressReport.objects.count(), ChangeRecord.objects.count())  # fmt: skip
        assert len(first) == len(second) == data_rows(path), path.name
        assert not {line["status"] for line in second} & {"created", "merged"}
    assert EmissionsInventory.objects.filter(reported_in="cdp-2019").count() > 400
    assert ProgressReport.objects.filter(reported_in="cdp-2021-targets").count() > 300


@pytest.mark.realdata
@pytest.mark.skipif(not DATA.exists(), reason=f"the public datasets are not at {DATA}")
def test_the_net_zero_tracker_imports_twice_and_reports_non_cities(tmp_path):
    first = run("net-zero-tracker", NZT, tmp_path / "first.csv")
    count = Commitment.objects.count()
    second = run("net-zero-tracker", NZT, tmp_path / "second.csv")
    assert Commitment.objects.count() == count and len(first) == len(second) == 4089
    statuses = [line["status"] for line in first]
    assert statuses.count("not-a-city") == 4089 - 1177  # companies, regions, countries
    assert statuses.count("created") > 350
    assert not {line["status"] for line in second} & {"created", "merged"}
    assert Organisation.objects.count() >= 0


def test_the_report_pages_refuse_a_bad_page_size_naming_it(client, big_network):
    response = client.get("/organisations/big-net/accountability/?format=json&per_page=0")
    assert response.status_code == 422 and "per_page" in response.json()["errors"]
    html = client.get("/organisations/big-net/accountability/?per_page=abc")
    assert html.status_code == 422 and "per_page" in html.content.decode()


def test_cached_figures_follow_the_registry_version(
    settings, system, cite, city, django_capture_on_commit_callbacks
):
    """With the page cache on, the figures are kept per registry version: a recorded write
    (which bumps the version on commit) is seen on the next read, not the kept answer."""
    from citydiplomacy.commitments.figures import accountability_figures
    from citydiplomacy.core.history.version import bump_after_commit

    settings.PAGE_CACHE = True
    network = organisation_create(slug="cache-net", name="Cache network", kind="city-network",
                                  citations=cite, actor=system)  # fmt: skip
    Membership.objects.create(city=city(PARIS), organisation=network, joined="2015")
    assert accountability_figures(network)["members"] == 1
    Membership.objects.create(city=City.objects.exclude(pk=PARIS).first(), organisation=network)
    assert accountability_figures(network)["members"] == 1  # the kept answer: no bump yet
    with django_capture_on_commit_callbacks(execute=True):  # as a committed write does
        bump_after_commit()
    assert accountability_figures(network)["members"] == 2
