"""Reads of protocol records, always through `offices.visibility.visible`."""

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from citydiplomacy.core.schemas import dump
from citydiplomacy.offices.visibility import visible
from citydiplomacy.protocol.models import (
    DelegationMember,
    Gift,
    Participant,
    ProgrammeItem,
    ProtocolRules,
    Visit,
    VisitStep,
)
from citydiplomacy.protocol.precedence import in_precedence
from citydiplomacy.protocol.schemas import (
    DelegationMemberOut,
    GiftOut,
    ItemWithParticipants,
    StepOut,
    VisitOut,
)
from citydiplomacy.protocol.services import overlap_warnings, rules_of


def visible_visits(user: Any) -> QuerySet[Visit]:
    return visible(Visit.objects.all(), user).select_related(
        "office",
        "engagement",
        "requester_contact",
        "requester_organisation",
        "principal_contact",
    )


def visible_delegation(user: Any) -> QuerySet[DelegationMember]:
    return visible(DelegationMember.objects.all(), user).select_related("contact")


def visible_items(user: Any) -> QuerySet[ProgrammeItem]:
    return visible(ProgrammeItem.objects.all(), user).select_related("visit__engagement")


def visible_participants(user: Any) -> QuerySet[Participant]:
    return visible(Participant.objects.all(), user).select_related("contact")


def visible_gifts(user: Any) -> QuerySet[Gift]:
    return visible(Gift.objects.all(), user).select_related(
        "office", "giver_contact", "recipient_contact"
    )


def programme_of(visit: Visit, ranks: list[str]) -> list[ProgrammeItem]:
    """The visit's programme items, each with its participants in order of precedence."""
    items = list(
        ProgrammeItem.objects.filter(visit=visit).prefetch_related(
            Prefetch("participants", queryset=Participant.objects.select_related("contact"))
        )
    )
    for item in items:
        item.ordered_participants = in_precedence(list(item.participants.all()), ranks)  # type: ignore[attr-defined]
    return items


def visit_data(visit: Visit) -> dict[str, Any]:
    """A visit with its request, steps, delegation, programme (in precedence) and warnings."""
    rules = rules_of(visit.office_id)
    steps = VisitStep.objects.filter(visit=visit).select_related("by")
    delegation = DelegationMember.objects.filter(visit=visit).select_related("contact")
    gifts = Gift.objects.filter(visit=visit).select_related(
        "office", "giver_contact", "recipient_contact"
    )
    return {
        "visit": dump(VisitOut, visit),
        "steps": [dump(StepOut, step) for step in steps],
        "delegation": [dump(DelegationMemberOut, m) for m in delegation],
        "programme": [dump(ItemWithParticipants, i) for i in programme_of(visit, rules.ranks)],
        "gifts": [gift_row(gift, rules) for gift in gifts],
        "warnings": overlap_warnings(visit),
    }


def gift_row(gift: Gift, rules: ProtocolRules) -> dict[str, Any]:
    row = dump(GiftOut, gift)
    must = gift.must_declare(rules)
    row["must_declare"] = must
    # Flagged until declared: above the threshold, or of a value that cannot be compared.
    row["flagged"] = bool(must) and not gift.declared
    row["unknown_threshold"] = must is None and gift.value is not None and not gift.declared
    return row


def gift_totals(gifts: list[Gift]) -> list[dict[str, Any]]:
    """Totals per year, direction and currency (values in different currencies never add up)."""
    totals: dict[tuple[int, str, str], dict[str, Any]] = defaultdict(
        lambda: {"count": 0, "total": Decimal(0), "unvalued": 0}
    )
    for gift in gifts:
        key = (gift.given_on.year, gift.direction, gift.currency or "")
        entry = totals[key]
        entry["count"] += 1
        if gift.value is None:
            entry["unvalued"] += 1
        else:
            entry["total"] += gift.value
    return [
        {
            "year": year,
            "direction": direction,
            "currency": currency,
            "count": entry["count"],
            "total": str(entry["total"]),
            "unvalued": entry["unvalued"],
        }
        for (year, direction, currency), entry in sorted(totals.items(), reverse=True)
    ]
