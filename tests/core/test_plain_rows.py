"""Plain rows: the given columns as written, the others their default; values and records
inserted without compiled statements read back as the ORM writes them."""

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from citydiplomacy.core.history.models import ChangeAction, ChangeRecord, Via
from citydiplomacy.core.plain_rows import insert_plain_rows, insert_records, insert_values
from citydiplomacy.geo.models import CityName
from citydiplomacy.sources.models import Citation, Source

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


def _change_rows(content_type: int, when: datetime.datetime) -> list[tuple[Any, ...]]:
    nested = {"name": "Ère", "ids": [1, 2], "none": None, "flag": True}
    return [
        (when, None, "import 1", Via.IMPORT, content_type, "7", "Paris", None, None,
         ChangeAction.CREATE, None, nested, 1),
        (when, None, "import 1", Via.IMPORT, content_type, "8", "Lyon", None, 42,
         ChangeAction.UPDATE, {"a": 1}, {"a": 2}, None),
    ]  # fmt: skip


RECORD_COLUMNS = (
    "at", "user_id", "actor_label", "via", "content_type_id", "object_id", "object_repr",
    "import_run_id", "private_to", "action", "before", "after", "version",
)  # fmt: skip


def test_values_inserted_as_plain_rows_read_back_as_the_orm_writes_them(db: None) -> None:
    content_type = ContentType.objects.get_for_model(CityName).pk
    when = timezone.now()
    before = ChangeRecord.objects.count()  # the starter data's
    insert_values(ChangeRecord, RECORD_COLUMNS, _change_rows(content_type, when))
    ChangeRecord.objects.bulk_create(
        ChangeRecord(**dict(zip(RECORD_COLUMNS, row, strict=True)))
        for row in _change_rows(content_type, when)
    )

    stored = list(ChangeRecord.objects.order_by("pk").values_list(*RECORD_COLUMNS)[before:])
    assert len(stored) == 4
    assert stored[:2] == stored[2:]
    assert stored[0][0] == when and stored[0][11]["name"] == "Ère"


def test_records_inserted_get_their_keys_in_order_and_count_as_saved(
    db: None, test_source: Source
) -> None:
    content_type = ContentType.objects.get_for_model(CityName)
    citations = [
        Citation(source=test_source, content_type=content_type, object_id=n, locator=f"row {n}")
        for n in range(1, 2501)  # more than one statement's worth of rows
    ]

    assert insert_records(citations) == citations

    assert all(c.pk is not None and not c._state.adding for c in citations)
    stored = dict(Citation.objects.filter(source=test_source).values_list("pk", "locator"))
    assert [stored[c.pk] for c in citations] == [f"row {n}" for n in range(1, 2501)]
