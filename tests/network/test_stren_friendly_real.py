"""Stren & Friendly's Table 1 shape from the real UN WUP 2018 File 12, imported as it is.

The table (average size of the cities over 300,000 by region in 1990 and 2015, with counts
and % change) is built through the statistics selector, the same as /network/stats/. The
paper's own figures come from the 2014 revision and are compared in docs/network.md, not
here: this test checks the shape and that the figures are plausible.
"""

from pathlib import Path

import pytest
from django.core.management import call_command

from citydiplomacy.network.stats import Query, table

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "un-wup2018-f12"
FILE = DATA / "WUP2018-F12-Cities_Over_300K.xls"
REGIONS = {
    "Africa", "Asia", "Europe", "Latin America and the Caribbean", "Northern America", "Oceania",
}  # fmt: skip

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not FILE.exists(), reason=f"the public datasets are not at {DATA}"),
]


def test_table_1_of_stren_and_friendly_takes_shape_from_the_real_file(tmp_path: Path):
    call_command("import", "wup-population", str(FILE), verbosity=0)
    result = table(Query(group_by="region", years=[1990, 2015], threshold=300_000))
    rows = {row["group"]: row for row in result["rows"]}
    assert set(rows) == REGIONS | {"World"}
    world = rows["World"]
    # The file lists 1,860 agglomerations over 300,000 in 2018; those tied to a gazetteer city
    # and over 300,000 in 2015 are counted (the paper, on the 2014 revision: 1,684).
    assert 1_300 <= world["cities_count"] <= 1_860
    assert sum(rows[region]["cities_count"] for region in REGIONS) == world["cities_count"]
    counts = {region: rows[region]["cities_count"] for region in REGIONS}
    assert max(counts, key=lambda region: counts[region]) == "Asia"
    assert 5 <= counts["Oceania"] <= 30
    for region in REGIONS | {"World"}:
        row = rows[region]
        first, last = row["years"]["1990"], row["years"]["2015"]
        # Every agglomeration over 300,000 averages more than that, and every region grew.
        assert 300_000 < last["mean"] < 3_000_000, region
        assert row["change"]["total_pct"] > 0, region
        assert first["count"] <= row["cities_count"]
    assert rows["Africa"]["change"]["total_pct"] > rows["Europe"]["change"]["total_pct"]
