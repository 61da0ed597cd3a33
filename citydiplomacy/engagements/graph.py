"""The engagement layer: an office's city tied to the partner cities of its engagements.

Private: `edges(as_of, user)` reads only the engagements of `user`'s offices (through
`offices.visibility`), so an anonymous visitor or another office gets no edge, and the layer
is declared private so that no public metric, snapshot or export ever includes it.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from citydiplomacy.core.extensions import Edge
from citydiplomacy.engagements.models import Engagement
from citydiplomacy.offices.visibility import visible


def engagement_edges(as_of: dt.date | None, user: Any) -> Iterator[Edge]:
    engagements = visible(Engagement.objects.order_by(), user)
    if as_of is not None:
        engagements = engagements.filter(starts_on__lte=as_of)
    rows = engagements.filter(cities__isnull=False).values_list(
        "office__city_id", "cities", "office__slug"
    )
    counts: dict[tuple[int, int], int] = defaultdict(int)
    offices: dict[tuple[int, int], set[str]] = defaultdict(set)
    for home, partner, office in rows:
        if home == partner:
            continue
        pair = (min(home, partner), max(home, partner))
        counts[pair] += 1
        offices[pair].add(office)
    for (a, b), count in counts.items():
        yield Edge(a, b, float(count), {"engagements": count, "offices": ",".join(offices[(a, b)])})
