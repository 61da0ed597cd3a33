import pytest

from citydiplomacy.core.history.services import Actor
from citydiplomacy.geo.divisions import division_by_code, load_divisions
from citydiplomacy.geo.models import Division

pytestmark = pytest.mark.django_db


def test_the_fifty_us_states_and_dc_are_first_level_divisions():
    states = Division.objects.filter(country_id="US", kind="State")
    assert states.count() == 50
    assert Division.objects.get(code="US-DC").kind == "District"
    assert Division.objects.get(code="US-CA").name == "California"


def test_only_first_level_divisions_are_loaded():
    # France's regions are first-level; its departments (FR-75...) sit under them.
    assert Division.objects.filter(code="FR-IDF").exists()
    assert not Division.objects.filter(code="FR-75C").exists()
    assert not Division.objects.filter(code="FR-01").exists()


def test_a_division_is_found_by_its_code_in_any_case():
    found = division_by_code(" us-ny ")
    assert found is not None and found.name == "New York" and found.local_code == "NY"


def test_loading_divisions_again_changes_nothing():
    report = load_divisions(actor=Actor.system("test"))
    assert (report.created, report.updated) == (0, 0)
    assert report.unchanged == Division.objects.count()
