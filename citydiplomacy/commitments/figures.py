"""The computed figures of the heavy pages, cached per registry version.

An accountability report or a coalition weight over 10,000 members is read and worked out
in Python each time it is asked for; its page, the next page of its table, its CSV and its
API twin all need the same figures. With the page cache on (`PAGE_CACHE`), the figures are
kept under the registry's change version (`core.history.version`), which every recorded
write bumps, so a change is seen on the next request, as for cached pages. They are public
registry data only, the same for every visitor. With the page cache off (tests, debugging),
they are worked out every time.
"""

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache

from citydiplomacy.commitments.selectors import accountability
from citydiplomacy.commitments.weight import Selection, coalition_weight
from citydiplomacy.core.history.version import current_version
from citydiplomacy.core.pagecache import CACHE_SECONDS
from citydiplomacy.organisations.models import Organisation


def cached_figures(
    name: str, parts: tuple[object, ...], compute: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    """`compute()`, or its answer kept for the same `parts` at the current version."""
    if not settings.PAGE_CACHE:
        return compute()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    key = f"commitments:{name}:{current_version()}:{digest}"
    found: dict[str, Any] | None = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, CACHE_SECONDS)
    return found


def accountability_figures(organisation: Organisation) -> dict[str, Any]:
    today = dt.date.today()  # the report's states depend on the day
    return cached_figures(
        "accountability",
        (organisation.pk, today.isoformat()),
        lambda: accountability(organisation, today),
    )


def weight_figures(selection: Selection) -> dict[str, Any]:
    parts = (
        tuple(o.pk for o in selection.organisations),
        selection.mode,
        selection.as_of,
        selection.country,
        selection.region,
    )
    return cached_figures("coalition-weight", parts, lambda: coalition_weight(selection))
