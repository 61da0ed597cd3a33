"""Order of precedence of a programme item's participants.

The office configures its ranks, highest first (its own officials' and foreign ones). A
participant goes by the rank's place in that order; among heads of mission of equal rank, the
one who took up post earlier goes first, as diplomatic practice has it (Vienna Convention on
Diplomatic Relations, article 16); then by name. A participant with no known rank comes after
the ranked ones. A manual position, recorded with its reason, overrides the computed place.
"""

import datetime as dt
from collections.abc import Sequence

from citydiplomacy.protocol.models import Participant

_LATEST = dt.date.max


def _computed_key(participant: Participant, ranks: Sequence[str]) -> tuple[int, int, dt.date, str]:
    folded = [rank.casefold() for rank in ranks]
    rank = participant.rank.strip().casefold()
    place = folded.index(rank) if rank in folded else len(folded)
    # Seniority among heads of mission counts only within the same rank.
    is_head = 0 if participant.head_of_mission else 1
    since = participant.took_up_post_on or _LATEST if participant.head_of_mission else _LATEST
    return place, is_head, since, participant.name.casefold()


def in_precedence(participants: Sequence[Participant], ranks: Sequence[str]) -> list[Participant]:
    """`participants` in order of precedence, manual positions placed where they were put."""
    computed = sorted(
        (p for p in participants if p.position is None), key=lambda p: _computed_key(p, ranks)
    )
    placed = sorted(
        (p for p in participants if p.position is not None), key=lambda p: p.position or 0
    )
    ordered = list(computed)
    for participant in placed:
        index = min(max((participant.position or 1) - 1, 0), len(ordered))
        ordered.insert(index, participant)
    return ordered
