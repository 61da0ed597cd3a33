from pathlib import Path

import pytest

from citydiplomacy.core.history.models import Via
from citydiplomacy.core.history.services import Actor
from citydiplomacy.imports.runs import ImportOptions, run_import
from citydiplomacy.practices.models import Adoption, Practice
from citydiplomacy.practices.spid import SpidImporter

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "spid-policies"
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.realdata,
    pytest.mark.skipif(not DATA.exists(), reason=f"the public datasets are not at {DATA}"),
]


def test_spid_imports_728_practices_and_17835_adoptions_and_a_second_run_changes_nothing():
    actor = Actor(via=Via.IMPORT, label="test")
    first = run_import(SpidImporter(), DATA, actor=actor, options=ImportOptions())
    assert Practice.objects.filter(slug__startswith="spid-").count() == 728
    assert Adoption.objects.filter(practice__slug__startswith="spid-").count() == 17835
    assert first.report.summary() == {"rows": 728 + 17835, "created": 728 + 17835}
    second = run_import(SpidImporter(), DATA, actor=actor, options=ImportOptions())
    assert second.report.summary() == {"rows": 728 + 17835, "unchanged": 728 + 17835}
    assert Adoption.objects.filter(practice__slug__startswith="spid-").count() == 17835
    casino = Adoption.objects.get(practice__slug="spid-gambling_casino", division_id="US-NV")
    assert casino.adopted_on == "1931"
    assert casino.citations.get().locator.startswith("policies.csv row ")
