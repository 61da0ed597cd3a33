"""Links to one record's page, built fast: a profile or an export renders hundreds."""

import re
from functools import cache

from django.urls import get_script_prefix, get_urlconf, reverse

# A value every path converter the project uses (int, slug, str) accepts.
_PLACEHOLDER = "987654321"
_PLAIN = re.compile(r"[-\w.:]+", re.ASCII)


@cache
def _pattern(name: str, prefix: str, urlconf: str | None) -> tuple[str, str]:
    path = reverse(name, args=[_PLACEHOLDER], urlconf=urlconf)
    head, placeholder, tail = path.partition(_PLACEHOLDER)
    if not placeholder:
        raise ValueError(f"{name!r} does not take its argument in the path")
    return head, tail


def record_url(name: str, key: int | str) -> str:
    """`reverse(name, args=[key])` for a page that takes one key in its path.

    Reversing walks the URL resolver each time (about 17 µs); this reverses once per page
    name and fills in the key. Keys that are not plain (spaces, slashes, other scripts) take
    Django's `reverse`, which quotes and checks them.
    """
    text = str(key)
    if not _PLAIN.fullmatch(text):
        return reverse(name, args=[key])
    head, tail = _pattern(name, get_script_prefix(), get_urlconf())
    return f"{head}{text}{tail}"
