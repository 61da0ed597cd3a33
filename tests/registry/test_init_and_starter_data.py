"""`init` is idempotent, and the starter data states the seeds' facts, each citing its seed."""

from pathlib import Path

import pytest
from django.core.management import call_command

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.core.history.models import ChangeRecord
from citydiplomacy.organisations.models import Membership, Organisation
from citydiplomacy.people.models import OfficeHeld
from citydiplomacy.site.selectors import registry_counts
from citydiplomacy.sources.models import Citation, Source
from tests.conftest import NEW_YORK

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "context" / "seeds"


def test_running_init_again_changes_nothing(capsys):
    counts, changes = registry_counts(), ChangeRecord.objects.count()
    call_command("init", "--gazetteer", "15000", verbosity=0)
    assert registry_counts() == counts
    assert ChangeRecord.objects.count() == changes
    out = capsys.readouterr().out
    assert "0 new, 0 updated" in out and "Starter agreements: 0 new, 0 merged, 5 unchanged" in out


def test_the_starter_data_holds_the_networks_the_seeds_name():
    slugs = set(Organisation.objects.values_list("slug", flat=True))
    assert {
        "c40",
        "strong-cities-network",
        "100-resilient-cities",
        "rainbow-cities-network",
        "unesco-creative-cities-network",
        "gcom",
        "u20",
        "global-parliament-of-mayors",
        "eurocities",
        "mnaca",
        "wecp",
        "cities-for-climate-protection",
    } <= slugs


def test_new_york_has_its_sister_cities_and_mayors_from_the_seed():
    partners = {
        (a.partner_of(NEW_YORK).name, a.signed)
        for a in Agreement.objects.filter(city_b_id=NEW_YORK)
        | Agreement.objects.filter(city_a_id=NEW_YORK)
    }
    assert partners == {
        ("Tokyo", "1960"),
        ("Beijing", "1980"),
        ("Madrid", "1982"),
        ("Santo Domingo", "1983"),
        ("Cairo", ""),
    }
    mayors = OfficeHeld.objects.filter(city_id=NEW_YORK, role="mayor").values_list(
        "person__name", "start", "end"
    )
    assert set(mayors) == {("Ed Koch", "1978", "1990"), ("Michael Bloomberg", "2001", "2013")}


def test_los_angeles_has_its_three_mayors_and_founding_memberships():
    mayors = OfficeHeld.objects.filter(city__name="Los Angeles", role="mayor")
    assert {(m.person.name, m.start, m.end) for m in mayors} == {
        ("Richard Riordan", "1993", "2001"),
        ("James Hahn", "2001", "2004"),
        ("Eric Garcetti", "", ""),
    }
    roles = set(
        Membership.objects.filter(city__name="Los Angeles").values_list(
            "organisation__slug", "role"
        )
    )
    assert {("u20", "founder"), ("c40", "member"), ("mnaca", "founder")} <= roles


def test_dates_the_seeds_do_not_give_are_left_empty():
    assert Membership.objects.get(organisation__slug="gcom", city__name="South Bend").joined == ""
    assert OfficeHeld.objects.get(person__slug="pete-buttigieg").start == ""


def test_every_starter_fact_cites_a_seed_document():
    seed_sources = Source.objects.filter(key__startswith="seed-")
    assert seed_sources.count() == 3
    for model in (Organisation, Membership, Agreement, OfficeHeld):
        for record in model.objects.all():
            keys = {c.source.key for c in record.citations.all()}
            assert keys and keys <= set(seed_sources.values_list("key", flat=True)), record


@pytest.mark.skipif(not SEEDS.exists(), reason=f"the seed documents are not at {SEEDS}")
def test_each_cited_seed_file_exists_and_contains_the_quoted_passages():
    for source in Source.objects.filter(key__startswith="seed-"):
        text = " ".join((SEEDS / source.file_name).read_text(encoding="utf-8").split())
        for citation in Citation.objects.filter(source=source).exclude(quote=""):
            for part in citation.quote.split(" ... "):
                assert part in text, (source.file_name, part)
