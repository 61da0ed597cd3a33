"""Names as written survive an import; ties stated for a district are flagged, not hidden."""

import csv
from pathlib import Path

import pytest
from django.core.management import call_command

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.agreements.panels import best_connected_cities
from citydiplomacy.sources.models import Citation
from tests.conftest import BERLIN

pytestmark = pytest.mark.django_db


def test_a_tie_of_a_borough_is_kept_on_its_city_flagged_with_the_name_as_written(
    tmp_path: Path, client
):
    path = tmp_path / "pairs.csv"
    path.write_text(
        "city1,country1,city2,country2\nXqzwdorf (Berlin),Germany,Lyon,France\n",
        encoding="utf-8",
    )
    report = tmp_path / "report.csv"
    call_command("import", "twin-cities", str(path), "--report", str(report), verbosity=0)
    with report.open(encoding="utf-8") as handle:
        (line,) = csv.DictReader(handle)
    assert line["status"] == "created" and line["a_via_district"] == "yes"
    agreement = (
        Agreement.objects.get(city_a__name="Lyon", city_b_id=BERLIN)
        if (Agreement.objects.filter(city_a__name="Lyon", city_b_id=BERLIN).exists())
        else Agreement.objects.get(city_a_id=BERLIN, city_b__name="Lyon")
    )
    assert agreement.via_district and agreement.status == "unknown"
    (citation,) = Citation.objects.filter(object_id=agreement.pk, locator="row 2")
    assert citation.as_written == "Xqzwdorf (Berlin), Germany | Lyon, France"
    page = client.get(f"/agreements/{agreement.pk}/").content.decode()
    assert "Xqzwdorf (Berlin)" in page and 'data-testid="via-district"' in page
    with_districts = {r["geonames_id"]: r["agreements"] for r in best_connected_cities(1000)}
    without = {
        r["geonames_id"]: r["agreements"] for r in best_connected_cities(1000, districts=False)
    }
    assert without.get(BERLIN, 0) == with_districts[BERLIN] - 1
