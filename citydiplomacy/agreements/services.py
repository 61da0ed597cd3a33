"""Recording, changing and deleting agreements between cities."""

from collections.abc import Sequence
from typing import Any

from citydiplomacy.agreements.models import Agreement, AgreementKind, AgreementStatus
from citydiplomacy.core.history.services import Actor, delete_recorded
from citydiplomacy.geo.models import City
from citydiplomacy.sources.services import CitationSpec, create_cited, update_cited

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
