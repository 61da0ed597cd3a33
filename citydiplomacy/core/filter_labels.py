"""Labels for the filters of a list form, written from the query parameter's name.

django-filter writes a label a filter does not give from its field path and lookup
("Offices party contains", "Starts on is greater than or equal to"), words no user of the
page thinks in. The parameter's own name is what the address shows and the docs list, so a
filter without a label of its own is called by it: `date_from` "Date from", `party`
"Party", `min_population` "Population at least".
"""

from typing import Any

import django_filters
from django_filters.utils import label_for_filter

_SUFFIXES = (("_from", " from"), ("_to", " to"), ("_min", " at least"), ("_max", " at most"))
_PREFIXES = (("min_", " at least"), ("max_", " at most"))


def label_from_name(name: str) -> str:
    """The label of the filter named `name` in the query string."""
    for prefix, words in _PREFIXES:
        if name.startswith(prefix):
            return _sentence(name.removeprefix(prefix)) + words
    for suffix, words in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return _sentence(name.removesuffix(suffix)) + words
    return _sentence(name)


def _sentence(name: str) -> str:
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def label_unlabelled(filterset: django_filters.FilterSet) -> None:
    """Call each filter whose label django-filter would write from a path or a lookup by
    its name instead (the instance's filters are its own copies: the class keeps its own).
    A plain field's generated label is its verbose name, which reads well, and stays."""
    for name, flt in filterset.filters.items():
        if _generated(flt) and ("__" in (flt.field_name or "") or flt.lookup_expr != "exact"):
            flt.label = label_from_name(name)


def _generated(flt: Any) -> bool:
    # Filter.label stores django-filter's text on first read, so a label equal to that text
    # was never declared.
    declared = getattr(flt, "_label", None)
    if declared is None:
        return True
    model = getattr(flt, "model", None)
    return model is not None and declared == label_for_filter(
        model, flt.field_name, flt.lookup_expr, flt.exclude
    )
