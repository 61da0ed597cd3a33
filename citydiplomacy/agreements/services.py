"""Recording, changing and deleting agreements between cities."""

from collections.abc import Sequence
from typing import Any

from django.db.models import Q

from citydiplomacy.agreements.models import Agreement, AgreementKind, AgreementStatus
from citydiplomacy.core.history.services import Actor, delete_recorded, update_recorded
from citydiplomacy.geo.models import City
from citydiplomacy.sources.services import (
    CitationSpec,
    cited_merge_into,
    create_cited,
    update_cited,
)

AGREEMENT_EDITABLE = ("kind", "signed", "ended", "status", "title", "note")


def agreement_record(
    *,
    city_a: City,
    city_b: City,
    kind: str = AgreementKind.SISTER_CITY,
    signed: str = "",
    ended: str = "",
    status: str = AgreementStatus.UNKNOWN,
    title: str = "",
    note: str = "",
    citations: Sequence[CitationSpec],
    actor: Actor,
) -> Agreement:
    """Record a new agreement; the order of the two cities does not matter."""
    agreement = Agreement(
        city_a=city_a,
        city_b=city_b,
        kind=kind,
        signed=signed,
        ended=ended,
        status=status,
        title=title,
        note=note,
    )
    return create_cited(agreement, citations=citations, actor=actor)


def agreement_update(
    agreement: Agreement,
    *,
    actor: Actor,
    expected_version: int | None,
    citations: Sequence[CitationSpec] | None = None,
    **changes: Any,
) -> Agreement:
    return update_cited(
        agreement,
        changes=changes,
        editable=AGREEMENT_EDITABLE,
        citations=citations,
        actor=actor,
        expected_version=expected_version,
    )


def agreement_delete(agreement: Agreement, *, actor: Actor, expected_version: int | None) -> None:
    delete_recorded(agreement, actor=actor, expected_version=expected_version)


def agreements_move(from_id: int, to_id: int, actor: Actor) -> int:
    """A provisional place's agreements onto the city it was settled as (`city_movers`):
    the pair is stored in its usual order; an agreement the city already has with that
    partner takes the moved one's citations instead of being duplicated."""
    moved = 0
    ties = Agreement.objects.filter(Q(city_a_id=from_id) | Q(city_b_id=from_id))
    for agreement in ties.order_by("pk"):
        partner = agreement.city_b_id if agreement.city_a_id == from_id else agreement.city_a_id
        if partner == to_id:
            # The place was the city itself under another name: no city is its own twin.
            delete_recorded(agreement, actor=actor, expected_version=None)
            continue
        low, high = sorted((partner, to_id))
        twin = Agreement.objects.filter(city_a_id=low, city_b_id=high, kind=agreement.kind).first()
        if twin is not None:
            cited_merge_into(agreement, twin, actor=actor)
        else:
            agreement.city_a_id, agreement.city_b_id = low, high
            if agreement.stated_only_by_id == from_id:
                agreement.stated_only_by_id = to_id
            update_recorded(agreement, actor=actor, expected_version=None)
        moved += 1
    return moved
