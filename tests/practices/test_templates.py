import pytest

from citydiplomacy.core.history.models import Via
from citydiplomacy.core.history.services import Actor
from citydiplomacy.imports.csv_templates import TemplateImporter
from citydiplomacy.imports.runs import ImportOptions, run_import
from citydiplomacy.practices.models import Adoption, Practice

pytestmark = pytest.mark.django_db
ACTOR = Actor(via=Via.IMPORT, label="test")


def _run(kind, path):
    return run_import(TemplateImporter(kind), path, actor=ACTOR, options=ImportOptions())


def test_users_practices_and_adoptions_load_and_bad_rows_are_reported_naming_the_field(
    tmp_path, test_source
):
    practices = tmp_path / "practices.csv"
    practices.write_text(
        "slug,title,problem,topics,origin_division,origin_year,evidence_grade,source\n"
        "night-buses,Night buses,Late workers stranded,transport,US-CA,2001,2,test-fixture\n"
        "bad-grade,Bad grade,,,,,9,test-fixture\n"
    )
    report = _run("practices", practices).report
    assert [line["status"] for line in sorted(report.lines, key=lambda x: x["row"])] == [
        "created",
        "invalid",
    ]
    assert "evidence_grade" in report.lines[1]["message"]
    adoptions = tmp_path / "adoptions.csv"
    adoptions.write_text(
        "practice,geonames_id,division,adopted_on,borrowed_from_division,channel,source\n"
        "night-buses,,US-NV,2005,US-CA,visit,test-fixture\n"
        "night-buses,,US-AZ,1999,,,test-fixture\n"
        "night-buses,,US-CA,2001,,,test-fixture\n"
        "night-buses,,US-OR,2006,US-CA,,test-fixture\n"
    )
    report = _run("adoptions", adoptions).report
    statuses = {line["row"]: (line["status"], line["message"]) for line in report.lines}
    assert statuses[2][0] == "invalid" and "borrowed_from" in statuses[2][1]  # listed later
    assert statuses[3][0] == "invalid" and "adopted_on" in statuses[3][1]  # before 2001
    assert statuses[4][0] == "created" and statuses[5][0] == "created"
    oregon = Adoption.objects.get(division_id="US-OR")
    assert oregon.borrowed_from is not None and oregon.borrowed_from.division_id == "US-CA"
    assert Practice.objects.get(slug="night-buses").origin_division_id == "US-CA"


def test_the_forecast_command_explains_when_there_is_nothing_to_learn_from(capsys):
    from django.core.management import call_command

    call_command("forecast", "participatory-budgeting")
    assert "No dated adoptions" in capsys.readouterr().out


def test_every_starter_practice_quotes_its_seed_word_for_word():
    from pathlib import Path

    from citydiplomacy.sources.models import Citation

    seeds = Path(__file__).resolve().parents[2].parent / "shared" / "context" / "seeds"
    if not seeds.exists():
        pytest.skip(f"the seed documents are not at {seeds}")
    for model in (Practice, Adoption):
        for citation in Citation.objects.filter(
            content_type__model=model._meta.model_name, source__key__startswith="seed-"
        ):
            text = " ".join((seeds / citation.source.file_name).read_text().split())
            for part in citation.quote.split(" ... "):
                assert part in text, (citation.source.file_name, part)
