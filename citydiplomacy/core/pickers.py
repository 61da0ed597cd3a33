"""List filters that name one record, offered on the page as a search-as-you-type picker.

The query parameter keeps the record's key (`?city=2950159`, `?person=ada-lovelace`), so
addresses and API calls written by hand keep working; the filter form shows a searchable box
over the `site:options` of the record's kind instead of a box for a typed id. A key that
names no record is a filter error (422 in the API and the JSON twin, a message beside the
field on the page), never a 500.

For an office's private records the choices are `queryset(request)`, what the visitor's
offices hold: another office's record is refused with the very message an unknown key
gets, so the filter cannot tell anyone that the record exists.
"""

from collections.abc import Callable
from typing import Any

import django_filters
from django.db.models import QuerySet

from citydiplomacy.core.editing import RemoteSelect


class PickerFilter(django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter over `queryset` whose widget searches the options of `kind`.

    `noun` names the record in the error ("city", "contact of your offices"), `key` what
    the query parameter gives ("GeoNames id"; by default the id, or the `to_field_name`).
    """

    def __init__(self, kind: str, *, noun: str, key: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("widget", RemoteSelect(kind))
        key = key or kwargs.get("to_field_name") or "id"
        message = f"No {noun} has the {key} %(value)s."
        kwargs.setdefault("error_messages", {"invalid_choice": message})
        super().__init__(**kwargs)


def for_visitor(records: Callable[[Any], QuerySet[Any]]) -> Callable[[Any], QuerySet[Any]]:
    """A filter's `queryset(request)` from a selector of the visitor's records, `records(user)`.

    Exports run the FilterSet with a request carrying only the user; without a request
    (a FilterSet built in code) the visitor is anonymous and sees no private record.
    """

    def queryset(request: Any) -> QuerySet[Any]:
        return records(getattr(request, "user", None))

    return queryset
