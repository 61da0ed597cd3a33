"""The twinning layer of the network: one edge per pair of cities with an agreement in force.

Several agreements between the same two cities (a twinning and a later memorandum) are one
tie whose weight counts them. A tie that only one city's record states (Wikidata often
records a twinning on one side) is kept and marked `one_sided`, so researchers can drop it.
"""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from citydiplomacy.agreements.models import Agreement, AgreementStatus
from citydiplomacy.core.extensions import Edge
from citydiplomacy.core.partial_dates import is_current


def in_force(signed: str, ended: str, status: str, as_of: dt.date | None) -> bool:
    """Whether the agreement may be in force on `as_of` (today when None).

    An unknown signing date does not exclude a tie (most published lists give none); an
    ended agreement without an end date is out on every date, since we cannot say when.
    """
    if status == AgreementStatus.ENDED and not ended:
        return False
    if as_of is None:
        return status != AgreementStatus.ENDED
    return is_current(signed, ended, as_of)


def twinning_edges(as_of: dt.date | None, user: Any) -> Iterator[Edge]:
    rows = Agreement.objects.order_by().values_list(
        "city_a_id", "city_b_id", "kind", "signed", "ended", "status", "stated_only_by_id"
    )
    ties: dict[tuple[int, int], dict[str, Any]] = {}
    for a, b, kind, signed, ended, status, stated_by in rows.iterator(chunk_size=5000):
        if not in_force(signed, ended, status, as_of):
            continue
        tie = ties.setdefault((a, b), {"count": 0, "kinds": set(), "one_sided": True, "signed": ""})
        tie["count"] += 1
        tie["kinds"].add(kind)
        # The tie is one-sided only if every agreement behind it is.
        tie["one_sided"] = tie["one_sided"] and stated_by is not None
        if signed and (not tie["signed"] or signed < tie["signed"]):
            tie["signed"] = signed
    for (a, b), tie in ties.items():
        yield Edge(
            a,
            b,
            float(tie["count"]),
            {
                "kinds": ",".join(sorted(tie["kinds"])),
                "one_sided": tie["one_sided"],
                "signed": tie["signed"],
            },
        )
