"""Writing commitments, inventories, progress reports and obligation rules: the single gate.

Registry data: writing needs a registry editor (checked by the doors through the Entity and
the editing views, as for every public record); each function validates through the model's
`clean()` inside `create_cited`/`update_cited`, so a bad figure is refused naming its field.
"""

from collections.abc import Sequence
from typing import Any

from citydiplomacy.commitments.models import (
    Commitment,
    EmissionsInventory,
    ObligationRule,
    ProgressReport,
)
from citydiplomacy.core.history.services import Actor, delete_recorded
from citydiplomacy.sources.services import CitationSpec, create_cited, update_cited

COMMITMENT_EDITABLE = (
    "framework",
    "kind",
    "statement",
    "boundary",
    "sector",
    "baseline_year",
    "baseline_value",
    "target_year",
    "target_value",
    "target_percent",
    "unit",
    "made",
    "status",
)
INVENTORY_EDITABLE = (
    "year",
    "total",
    "scope1",
    "scope2",
    "scope3",
    "protocol",
    "boundary",
    "gases",
    "reported_in",
)
PROGRESS_EDITABLE = ("year", "value", "percent_achieved", "reported_in")
RULE_EDITABLE = ("kind", "description", "within_years", "every_years")


def commitment_record(
    *, citations: Sequence[CitationSpec], actor: Actor, **values: Any
) -> Commitment:
    return create_cited(Commitment(**values), citations=citations, actor=actor)


def commitment_update(
    commitment: Commitment,
    *,
    actor: Actor,
    expected_version: int | None,
    citations: Sequence[CitationSpec] | None = None,
    **changes: Any,
) -> Commitment:
    return update_cited(
        commitment,
        changes=changes,
        editable=COMMITMENT_EDITABLE,
        citations=citations,
        actor=actor,
        expected_version=expected_version,
    )


def commitment_delete(
    commitment: Commitment, *, actor: Actor, expected_version: int | None
) -> None:
    delete_recorded(commitment, actor=actor, expected_version=expected_version)


def inventory_record(
    *, citations: Sequence[CitationSpec], actor: Actor, **values: Any
) -> EmissionsInventory:
    return create_cited(EmissionsInventory(**values), citations=citations, actor=actor)


def inventory_update(
    inventory: EmissionsInventory,
    *,
    actor: Actor,
    expected_version: int | None,
    citations: Sequence[CitationSpec] | None = None,
    **changes: Any,
) -> EmissionsInventory:
    return update_cited(
        inventory,
        changes=changes,
        editable=INVENTORY_EDITABLE,
        citations=citations,
        actor=actor,
        expected_version=expected_version,
    )


def inventory_delete(
    inventory: EmissionsInventory, *, actor: Actor, expected_version: int | None
) -> None:
    delete_recorded(inventory, actor=actor, expected_version=expected_version)


def progress_record(
    *, citations: Sequence[CitationSpec], actor: Actor, **values: Any
) -> ProgressReport:
    return create_cited(ProgressReport(**values), citations=citations, actor=actor)


def progress_update(
    report: ProgressReport,
    *,
    actor: Actor,
    expected_version: int | None,
    citations: Sequence[CitationSpec] | None = None,
    **changes: Any,
) -> ProgressReport:
    return update_cited(
        report,
        changes=changes,
        editable=PROGRESS_EDITABLE,
        citations=citations,
        actor=actor,
        expected_version=expected_version,
    )


def progress_delete(report: ProgressReport, *, actor: Actor, expected_version: int | None) -> None:
    delete_recorded(report, actor=actor, expected_version=expected_version)


def rule_record(
    *, citations: Sequence[CitationSpec], actor: Actor, **values: Any
) -> ObligationRule:
    return create_cited(ObligationRule(**values), citations=citations, actor=actor)


def rule_update(
    rule: ObligationRule,
    *,
    actor: Actor,
    expected_version: int | None,
    citations: Sequence[CitationSpec] | None = None,
    **changes: Any,
) -> ObligationRule:
    return update_cited(
        rule,
        changes=changes,
        editable=RULE_EDITABLE,
        citations=citations,
        actor=actor,
        expected_version=expected_version,
    )


def rule_delete(rule: ObligationRule, *, actor: Actor, expected_version: int | None) -> None:
    delete_recorded(rule, actor=actor, expected_version=expected_version)
