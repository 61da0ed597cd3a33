"""Dates known to the year, the month or the day ("1982", "1982-05", "1982-05-14").

Sources often give only a year ("with Beijing in 1980"), so such dates are stored as
ISO 8601 strings of the precision the source gives. Strings of this form sort in time order,
so the database can order and range-filter them as text. An unknown date is the empty
string, never an invented one.
"""

import calendar
import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_partial_date(value: str) -> str:
    """Return the canonical form of `value`, or raise ValidationError saying what is wrong."""
    text = value.strip()
    if not text:
        return ""
    match = _PATTERN.match(text)
    if not match:
        raise ValidationError(
            "%(value)s is not a date: write a year (1982), a month (1982-05) or a day "
            "(1982-05-14).",
            code="invalid_partial_date",
            params={"value": repr(value)},
        )
    year, month, day = match.groups()
    if month is not None and not 1 <= int(month) <= 12:
        raise ValidationError(
            "%(value)s has no month %(month)s.",
            code="invalid_partial_date",
            params={"value": repr(value), "month": month},
        )
    if day is not None:
        try:
            dt.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(
                "%(value)s is not a day of the calendar.",
                code="invalid_partial_date",
                params={"value": repr(value)},
            ) from None
    return text


def earliest(value: str) -> dt.date | None:
    """The first day the partial date can mean."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def latest(value: str) -> dt.date | None:
    """The last day the partial date can mean."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1]
    return dt.date(year, month, day)


def ends_before_start(start: str, end: str) -> bool:
    """True when `end` must lie before `start` whatever days the partial dates stand for."""
    if not start or not end:
        return False
    end_last = latest(end)
    start_first = earliest(start)
    assert end_last is not None and start_first is not None
    return end_last < start_first


def year_of(value: str) -> int | None:
    return int(value[:4]) if value else None


def is_current(start: str, end: str, on: dt.date) -> bool:
    """Whether a span with these partial dates may include the day `on`."""
    first = earliest(start)
    last = latest(end)
    return (first is None or first <= on) and (last is None or on <= last)


class PartialDateField(models.CharField[str, str]):
    """A CharField holding a canonical partial date; '' when the date is unknown."""

    description = "A date known to the year, month or day (ISO 8601)"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, int):
            value = str(value)
        return parse_partial_date(str(value))

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        for key, default in (("max_length", 10), ("blank", True), ("default", "")):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        return name, path, args, kwargs
