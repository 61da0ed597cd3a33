"""The CSV templates: whole-file refusals, row errors with line numbers, all-or-nothing loads."""

import pytest

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.agreements.selectors import agreement_between
from citydiplomacy.imports.csv_templates import TEMPLATES, load_template
from citydiplomacy.imports.tabular import FileRefused
from tests.conftest import LONDON, PARIS, TOKYO

pytestmark = pytest.mark.django_db
HEADER = ",".join(TEMPLATES["agreements"].columns)


def write(tmp_path, text, name="agreements.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def row(**values):
    return ",".join(values.get(c, "") for c in TEMPLATES["agreements"].columns)


def test_rows_name_cities_by_geonames_id_or_by_name_and_country(tmp_path, system, test_source):
    path = write(
        tmp_path,
        "\n".join(
            [
                HEADER,
                row(
                    geonames_id_a=str(PARIS),
                    geonames_id_b=str(TOKYO),
                    kind="friendship",
                    source="test-fixture",
                ),
                row(
                    city_a="Londres",
                    country_a="GB",
                    city_b="Paris",
                    country_b="FR",
                    kind="sister-city",
                    signed="1956",
                    source="test-fixture",
                ),
            ]
        ),
    )
    summary = load_template("agreements", path, actor=system)
    assert (summary.created, summary.errors) == (2, [])
    assert agreement_between(LONDON, PARIS, "sister-city").signed == "1956"


def test_a_bad_row_rolls_back_the_whole_file_and_every_bad_row_is_reported(
    tmp_path, system, test_source
):
    before = Agreement.objects.count()
    path = write(
        tmp_path,
        "\n".join(
            [
                HEADER,
                row(
                    geonames_id_a=str(PARIS),
                    geonames_id_b=str(TOKYO),
                    kind="friendship",
                    source="test-fixture",
                ),
                row(
                    geonames_id_a=str(PARIS),
                    geonames_id_b=str(PARIS),
                    kind="friendship",
                    source="test-fixture",
                ),
                row(
                    city_a="Atlantis",
                    country_a="GR",
                    geonames_id_b=str(TOKYO),
                    kind="mou",
                    source="test-fixture",
                ),
            ]
        ),
    )
    summary = load_template("agreements", path, actor=system)
    assert summary.errors == [
        "line 3: city_b: A city cannot have an agreement with itself.",
        "line 4: city_a: No city called 'Atlantis' in GR.",
    ]
    assert Agreement.objects.count() == before


def test_loading_the_same_file_twice_changes_nothing_and_a_second_source_is_added(
    tmp_path, system, test_source
):
    line = row(
        geonames_id_a=str(PARIS), geonames_id_b=str(TOKYO), kind="friendship", source="test-fixture"
    )
    path = write(tmp_path, f"{HEADER}\n{line}\n")
    load_template("agreements", path, actor=system)
    again = load_template("agreements", path, actor=system)
    assert (again.created, again.merged, again.unchanged) == (0, 0, 1)
    other = write(
        tmp_path,
        f"{HEADER}\n{line.replace('test-fixture', 'seed-004-stren-friendly-mayors')}\n",
        "b.csv",
    )
    merged = load_template("agreements", other, actor=system)
    assert merged.merged == 1
    agreement = agreement_between(PARIS, TOKYO, "friendship")
    assert {c.source.key for c in agreement.citations.all()} == {
        "test-fixture",
        "seed-004-stren-friendly-mayors",
    }


def test_a_stored_value_is_kept_and_the_disagreement_reported(tmp_path, system, test_source):
    first = row(
        geonames_id_a=str(PARIS),
        geonames_id_b=str(TOKYO),
        kind="friendship",
        signed="1958",
        source="test-fixture",
    )
    second = first.replace("1958", "1960")
    load_template("agreements", write(tmp_path, f"{HEADER}\n{first}\n"), actor=system)
    summary = load_template(
        "agreements", write(tmp_path, f"{HEADER}\n{second}\n", "b.csv"), actor=system
    )
    assert summary.notes == ["line 2: signed: kept 1958 (the source says 1960)"]


@pytest.mark.parametrize(
    ("content", "encoding", "says"),
    [
        (HEADER.replace(",", ";") + "\n", "utf-8", "separated by semicolons"),
        ("city_a,city_b\nParis,Tokyo\n", "utf-8", "missing columns kind, source"),
        (
            HEADER + "\n" + row(city_a="Bogotá", country_a="CO", kind="mou", source="x") + "\n",
            "latin-1",
            "not valid utf-8-sig",
        ),
        (HEADER + "\nParis,FR,2988507,To\n", "utf-8", "the file may be truncated"),
        (HEADER + '\n"Paris,FR\n', "utf-8", "line"),
        ("", "utf-8", "empty"),
    ],
)
def test_a_malformed_file_is_refused_with_a_clear_message(
    tmp_path, system, content, encoding, says
):
    path = write(tmp_path, content, encoding=encoding)
    with pytest.raises(FileRefused, match=says):
        load_template("agreements", path, actor=system)


def test_a_template_import_reads_divisions_and_points_and_reports_the_city_chosen(
    tmp_path, test_source
):
    import csv

    from django.core.management import call_command

    path = write(
        tmp_path,
        "\n".join(
            [
                HEADER,
                row(
                    city_a="Portland",
                    country_a="US",
                    division_a="ME",
                    city_b="Paris",
                    country_b="FR",
                    latitude_b="48.85",
                    longitude_b="2.35",
                    kind="mou",
                    source="test-fixture",
                ),
                row(
                    city_a="Paris",
                    country_a="FR",
                    latitude_a="95",
                    city_b="Lyon",
                    country_b="FR",
                    kind="mou",
                    source="test-fixture",
                ),
            ]
        ),
    )
    report = tmp_path / "report.csv"
    call_command("import", "csv-agreements", str(path), "--report", str(report), verbosity=0)
    with report.open(encoding="utf-8") as handle:
        first, second = csv.DictReader(handle)
    assert first["status"] == "created"
    assert first["city_a_geonames_id"] and first["city_a_matched"] == "Portland, US"
    assert first["city_a_method"] and first["city_b_matched"] == "Paris, FR"
    assert second["status"] == "invalid" and "latitude_a" in second["message"]
    (portland,) = [a for a in Agreement.objects.filter(kind="mou")]
    assert {portland.city_a.admin1_code, portland.city_b.admin1_code} >= {"ME"}
