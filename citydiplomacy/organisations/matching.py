"""Which stored membership a source's statement is about, so two sources of one membership
give one record with both citations rather than two records.

The same city, organisation, role and start is the same membership. With no start on one
side, the one stored membership in that role is (two spells of one role stay apart). A plain
"member" statement is also about the city's one founding membership of that organisation: a
founder is a member from the start, so the statement adds a citation and loses nothing. The
reverse is not assumed: a source calling a stored plain member a founder says more than the
record, and stays a record of its own.
"""

from collections.abc import Collection, Sequence

from citydiplomacy.organisations.models import Membership, MembershipRole

# Stored roles a plain "member" statement may be about.
IMPLY_MEMBERSHIP = frozenset({MembershipRole.FOUNDER})


def _starts_agree(stored: str, stated: str) -> bool:
    return stored == stated or not stored or not stated


def same_membership(
    candidates: Sequence[Membership], role: str, joined: str, claimed: Collection[int] = ()
) -> Membership | None:
    """The one membership among `candidates` (the city's in the organisation) that a
    statement of `role` from `joined` is about, or None; `claimed` are taken already."""
    free = [m for m in candidates if m.pk not in claimed]
    exact = [m for m in free if m.role == role and m.joined == joined]
    if exact:
        return exact[0]
    same_role = [m for m in free if m.role == role and _starts_agree(m.joined, joined)]
    if same_role:
        return same_role[0] if len(same_role) == 1 else None
    if role != MembershipRole.MEMBER:
        return None
    implied = [m for m in free if m.role in IMPLY_MEMBERSHIP and _starts_agree(m.joined, joined)]
    return implied[0] if len(implied) == 1 else None
