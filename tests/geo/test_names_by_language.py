"""A city's alternate names grouped by language, where GeoNames' alternate names table says
which; the names it does not place in a language are grouped as such."""

from pathlib import Path

import pytest

from citydiplomacy.core.errors import FileRefused
from citydiplomacy.geo.alternate_names import load_alternate_name_languages
from citydiplomacy.geo.models import CityName
from citydiplomacy.geo.selectors import language_label
from tests.conftest import MUNICH

pytestmark = pytest.mark.django_db


def table(tmp_path: Path, rows: list[tuple[str, str]], city: int = MUNICH) -> Path:
    """Made-up rows in the layout of GeoNames' alternateNamesV2.txt (10 columns)."""
    path = tmp_path / "alternateNamesV2.txt"
    lines = [
        "\t".join([str(900 + n), str(city), language, name, "", "", "", "", "", ""])
        for n, (language, name) in enumerate(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


ROWS = [
    ("de", "München"),
    ("it", "Monaco di Baviera"),
    ("bar", "Minga"),
    ("link", "https://en.wikipedia.org/wiki/Munich"),  # not a language
    ("post", "80331"),
    ("de", "Muenchen-Imaginaire"),  # a spelling the extract does not have
    ("fr", "München"),  # the same spelling in a second language
]


def groups(client) -> dict[str, list[str]]:
    data = client.get(f"/cities/{MUNICH}/?format=json").json()
    return {group["label"]: group["names"] for group in data["names_by_language"]}


def test_the_profile_groups_alternate_names_by_their_language(client, tmp_path):
    report = load_alternate_name_languages(table(tmp_path, ROWS))
    assert report.names_created == 1
    found = groups(client)
    assert found["German"] == ["Muenchen-Imaginaire", "München"]
    assert found["French"] == ["München"]
    assert found["Italian"] == ["Monaco di Baviera"]
    assert found["Bavarian"] == ["Minga"]
    assert list(found)[-1] == "Language unknown" and found["Language unknown"]
    assert not any("wikipedia" in name for names in found.values() for name in names)
    html = client.get(f"/cities/{MUNICH}/").content.decode()
    assert 'data-testid="names-by-language"' in html and '<dd lang="bar">Minga</dd>' in html


def test_without_the_table_every_name_is_of_an_unknown_language(client):
    assert [
        group["language"]
        for group in client.get(f"/cities/{MUNICH}/?format=json").json()["names_by_language"]
    ] == [""]


def test_loading_the_same_table_again_changes_nothing(tmp_path):
    path = table(tmp_path, ROWS)
    load_alternate_name_languages(path)
    again = load_alternate_name_languages(path)
    assert (again.names_updated, again.names_created) == (0, 0)
    assert CityName.objects.get(city_id=MUNICH, key="munchen").languages == "de,fr"


def test_rows_of_cities_outside_the_gazetteer_are_left_out(tmp_path):
    report = load_alternate_name_languages(table(tmp_path, [("de", "Nirgendwo")], city=1))
    assert (report.rows, report.names_created) == (0, 0)


def test_a_file_that_is_not_the_table_is_refused_with_its_line(tmp_path):
    path = tmp_path / "names.csv"
    path.write_text("id,name\n1,Munich\n", encoding="utf-8")
    with pytest.raises(FileRefused, match="line 1 is not a row of GeoNames' alternate names"):
        load_alternate_name_languages(path)


@pytest.mark.parametrize(
    ("code", "label"),
    [("de", "German"), ("yue", "Yue Chinese"), ("zh-TW", "Chinese (TW)"), ("xx", "xx")],
)
def test_language_codes_read_as_names(code, label):
    assert language_label(code) == label
