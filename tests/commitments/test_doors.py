"""The same rules at every door: the web form, import reports; panels; starter rules."""

import csv
import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string

from citydiplomacy.commitments.models import Commitment, EmissionsInventory, ObligationRule
from citydiplomacy.commitments.registrations import _city_panel, _organisation_panel
from citydiplomacy.commitments.services import commitment_record, inventory_record
from citydiplomacy.commitments.starter_rules import load_starter_rules
from citydiplomacy.core.history.models import ChangeRecord
from citydiplomacy.organisations.models import Organisation
from tests.conftest import PARIS

pytestmark = pytest.mark.django_db

TARGET_COLUMNS = [
    "Account.Number", "Organization", "City", "Country", "Type.of.target", "Sector",
    "Target.boundary.relative.to.city.boundary", "Base.year", "Year.target.was.set",
    "Base.year.emissions..metric.tonnes.CO2e.", "Percentage.reduction.target", "Target.year",
    "Target.year.absolute.emissions..metric.tonnes.CO2e.",
    "Percentage.of.target.achieved.so.far", "Target.description", "City.Location",
]  # fmt: skip


def write_csv(path: Path, columns: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)
    return path


def report_of(kind: str, path: Path, tmp_path: Path) -> list[dict[str, str]]:
    report = tmp_path / "report.csv"
    call_command("import", kind, str(path), "--report", str(report), verbosity=0)
    with report.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def target_row(account: str, **values: str) -> list[str]:
    row = dict.fromkeys(TARGET_COLUMNS, "NA")
    row.update({"Account.Number": account, "Organization": "City of Paris", "City": "Paris",
                "Country": "France", "Type.of.target": "Base year emissions (absolute) target",
                "Sector": "All emissions sources included in city inventory",
                "Base.year": "2004", "Year.target.was.set": "2018",
                "Base.year.emissions..metric.tonnes.CO2e.": "25000000",
                "Percentage.reduction.target": "50", "Target.year": "2030",
                "Percentage.of.target.achieved.so.far": "40",
                "City.Location": "POINT (2.3522 48.8566)"})  # fmt: skip
    row.update(values)
    return [row[c] for c in TARGET_COLUMNS]


def test_the_targets_import_refuses_bad_rows_naming_the_field_and_keeps_the_reported_percent(
    tmp_path,
):
    path = write_csv(tmp_path / "targets.csv", TARGET_COLUMNS, [
        target_row("1"),
        target_row("2", **{"Target.year": "2000"}),
        target_row("3", **{"Percentage.reduction.target": "140"}),
        target_row("4", **{"Type.of.target": "No target"}),
        target_row("5", City="Atlantis", Country="France", **{"City.Location": "NA"}),
    ])  # fmt: skip
    lines = report_of("cdp-targets", path, tmp_path)
    assert [line["status"] for line in lines] == [
        "created", "invalid", "invalid", "invalid", "unmatched"
    ]  # fmt: skip
    assert "target_year" in lines[1]["message"] and "target_percent" in lines[2]["message"]
    (commitment,) = Commitment.objects.all()
    assert commitment.city_id == PARIS and commitment.target_figure == 12_500_000
    (report,) = commitment.progress_reports.all()
    assert report.percent_achieved == 40 and report.year == 2021
    assert commitment.citations.get().locator == "row 2"
    again = report_of("cdp-targets", path, tmp_path)
    assert again[0]["status"] == "unchanged"
    assert Commitment.objects.count() == 1


INVENTORY_COLUMNS = [
    "Year Reported to CDP", "Account Number", "Organization", "City", "Country",
    "City-wide emissions inventory", "Accounting year", "Primary Protocol", "Gases Included",
    "TOTAL Scope 1 Emissions (metric tonnes CO2e)", "TOTAL BASIC Emissions (GPC)",
    "City Location",
]  # fmt: skip


def test_the_inventories_import_reads_the_layout_and_refuses_negative_or_future_figures(
    tmp_path,
):
    rows = [
        ["2021", "1", "City of Paris", "Paris", "France", "Yes", "2019-01-01 - 2019-12-31",
         "GPC", "CO2", "100", "250", "POINT (2.35 48.85)"],
        ["2021", "2", "Ville de Paris", "", "France", "Yes", "2018-01-01 - 2018-12-31",
         "GPC", "CO2", "-5", "", "POINT (2.35 48.85)"],
        ["2021", "3", "City of Paris", "Paris", "France", "Yes", "2999-01-01 - 2999-12-31",
         "GPC", "CO2", "", "10", "POINT (2.35 48.85)"],
        ["2021", "4", "City of Paris", "Paris", "France", "In progress", "", "", "", "", "",
         "POINT (2.35 48.85)"],
    ]  # fmt: skip
    path = write_csv(tmp_path / "inventories.csv", INVENTORY_COLUMNS, rows)
    lines = report_of("cdp-inventories", path, tmp_path)
    assert [line["status"] for line in lines] == ["created", "invalid", "invalid", "invalid"]
    assert "scope1" in lines[1]["message"] and "year" in lines[2]["message"]
    assert "In progress" in lines[3]["message"]
    (inventory,) = EmissionsInventory.objects.all()
    assert (inventory.year, inventory.total, inventory.scope1) == (2019, 250, 100)
    assert inventory.reported_in == "cdp-2021"


def test_the_commitment_form_shows_the_bad_field(client, editor):
    client.force_login(editor)
    response = client.post(
        "/commitments/new/",
        {"city": PARIS, "kind": "absolute-reduction", "baseline_year": 2020,
         "target_year": 2010, "status": "active", "unit": "t CO2e",
         "new_source_title": "A plan"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "target_year" in response.context["form"].errors
    assert not Commitment.objects.exists()


def test_the_city_panel_lists_commitments_with_status_and_the_emissions_chart(
    rf, system, cite, city
):
    paris = city(PARIS)
    commitment_record(city=paris, kind="absolute-reduction", baseline_year=2004,
                      baseline_value=100.0, target_year=2030, target_percent=50.0,
                      citations=cite, actor=system)  # fmt: skip
    recent = dt.date.today().year - 1
    for year, total in ((recent - 3, 70.0), (recent, 55.0)):
        inventory_record(city=paris, year=year, total=total, reported_in="t", citations=cite,
                         actor=system)  # fmt: skip
    panel = _city_panel(paris, rf.get("/"))
    data = panel.data["commitments_panel"]
    assert [i["status"] for i in data["items"]] == ["on-track"]
    assert data["latest_inventory"]["year"] == recent and len(data["emissions_series"]) == 2
    html = render_to_string("commitments/city_panel.html", panel.data)
    assert "on track" in html and "<polyline" in html


def test_the_starter_rules_cite_the_seed_and_load_once(system, client):
    first = load_starter_rules(system)
    assert first == ["gcom: inventory: recorded", "gcom: action-plan: recorded"]
    changes = ChangeRecord.objects.count()
    assert load_starter_rules(system)[0] == "gcom: inventory: already recorded"
    assert ChangeRecord.objects.count() == changes
    rule = ObligationRule.objects.get(kind="inventory")
    citation = rule.citations.get()
    assert citation.source.key == "seed-000-day-city-hall"
    assert "measuring greenhouse gas emissions" in citation.quote
    assert rule.within_years is None  # the source states no deadline
    gcom = Organisation.objects.get(slug="gcom")
    panel = _organisation_panel(gcom, None).data["accountability_panel"]
    assert panel["members"] == gcom.memberships.filter(left="").values("city").distinct().count()
    page = client.get("/organisations/gcom/accountability/?format=json").json()
    assert {r["obligations_expected"] for r in page["rows"]} <= {1, 2}


def test_the_accountability_report_has_a_printable_view_and_a_csv(client, system):
    load_starter_rules(system)
    printable = client.get("/organisations/gcom/accountability/print/").content.decode()
    assert "<nav" not in printable and "Cape Town" in printable
    response = client.get("/organisations/gcom/accountability.csv")
    rows = list(csv.reader(b"".join(response.streaming_content).decode().splitlines()))
    assert rows[0][:3] == ["city", "city_name", "country"] and "obligations_expected" in rows[0]


def test_every_entity_example_creates_reads_and_patches_through_the_api(client, editor, system):
    from types import SimpleNamespace

    from citydiplomacy.core import extensions

    client.force_login(editor)
    for example in extensions.examples:
        if example.name not in ("commitment", "inventory", "progress-report", "obligation-rule"):
            continue
        entity = extensions.entities.get(example.name)
        context = SimpleNamespace(actor=system, office=None, unique=f"u{example.name}")
        created = client.post(
            f"/api/{entity.plural}/", example.payload(context), content_type="application/json"
        )
        assert created.status_code == 201, created.content
        body = created.json()
        read = client.get(f"/api/{entity.plural}/{body['id']}")
        assert read.status_code == 200
        patched = client.patch(
            f"/api/{entity.plural}/{body['id']}",
            {"version": read.json()["version"], **example.patch},
            content_type="application/json",
        )
        assert patched.status_code == 200, patched.content
        key, value = next(iter(example.patch.items()))
        assert patched.json()[key] == value


def test_the_commitment_list_and_its_json_twin(client, system, cite, city):
    commitment_record(city=city(PARIS), kind="net-zero", target_year=2050, citations=cite,
                      actor=system)  # fmt: skip
    assert "Paris" in client.get("/commitments/").content.decode()
    data = client.get("/commitments/?format=json&kind=net-zero").json()
    assert [r["kind"] for r in data["results"]] == ["net-zero"]
