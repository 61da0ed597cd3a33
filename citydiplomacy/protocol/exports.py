"""The gifts register as an export dataset (`/export/gifts.csv`, `.json`, `citydiplomacy
export gifts`): one row per gift, every field the register holds. The export engine makes
cells safe from formula injection."""

from typing import Any

from django.db import models

from citydiplomacy.protocol.models import Gift
from citydiplomacy.protocol.services import GIFT_EDITABLE


def _columns() -> tuple[str, ...]:
    # Every field a gift's form and API change, so a field added there is exported too.
    fields = [name for name in GIFT_EDITABLE if name != "given_on"]
    fields.insert(fields.index("declared"), "must_declare")
    return ("id", "office", "date", *fields)


GIFT_COLUMNS = _columns()


def _cell(gift: Gift, name: str) -> Any:
    """A field as a cell: a linked record by its id, yes or no, an amount as written."""
    field = Gift._meta.get_field(name)
    assert isinstance(field, models.Field)  # a column of the gift's own, not a reverse link
    value = getattr(gift, field.attname)
    if value is None:
        return ""
    if isinstance(field, models.BooleanField):
        return "yes" if value else "no"
    if isinstance(field, models.DecimalField):
        return str(value)
    return value


def gift_csv_row(gift: Gift, must_declare: bool | None) -> dict[str, Any]:
    own = {
        "id": gift.pk,
        "office": gift.office.slug,
        "date": gift.given_on.isoformat(),
        "must_declare": "" if must_declare is None else ("yes" if must_declare else "no"),
    }
    return {name: own[name] if name in own else _cell(gift, name) for name in GIFT_COLUMNS}
