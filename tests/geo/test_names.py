import pytest

from citydiplomacy.geo.names import is_latin, name_key


@pytest.mark.parametrize(
    ("spelling", "key"),
    [
        ("São Paulo", "sao paulo"),
        ("Sao Paulo", "sao paulo"),
        ("SAO-PAULO", "sao paulo"),
        ("München", "munchen"),
        ("Łódź", "lodz"),
        ("Reykjavík", "reykjavik"),
        ("  Saint-Étienne ", "saint etienne"),
        ("Москва", "москва"),
    ],
)
def test_spellings_share_one_key(spelling, key):
    assert name_key(spelling) == key


def test_it_tells_latin_from_other_scripts():
    assert is_latin("Bogotá D.C.")
    assert not is_latin("東京")
