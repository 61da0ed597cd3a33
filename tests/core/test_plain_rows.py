"""Plain rows of a derived table: the given columns as written, the others their default."""

from citydiplomacy.core.plain_rows import insert_plain_rows
from citydiplomacy.geo.models import CityName

PARIS = 2988507


def test_rows_are_written_with_the_other_columns_at_their_default(db: None) -> None:
    rows = [
        (PARIS, "Qwerty Één", "qwerty een", "alternate"),
        (PARIS, "Qwerty Two", "qwerty two", "alternate"),
    ]

    assert insert_plain_rows(CityName, ("city", "name", "key", "kind"), iter(rows)) == 2

    stored = CityName.objects.filter(city_id=PARIS, key__in=["qwerty een", "qwerty two"]).order_by(
        "key"
    )
    assert [(n.name, n.kind, n.languages) for n in stored] == [
        ("Qwerty Één", "alternate", CityName._meta.get_field("languages").get_default()),
        ("Qwerty Two", "alternate", CityName._meta.get_field("languages").get_default()),
    ]
