"""API and CLI input (GeoNames ids, organisation slugs, source keys) turned into service calls."""

from typing import Any

from django.core.exceptions import ValidationError

from citydiplomacy.commitments import services
from citydiplomacy.commitments.models import (
    Commitment,
    EmissionsInventory,
    ObligationRule,
    ProgressReport,
)
from citydiplomacy.commitments.schemas import (
    CommitmentIn,
    CommitmentPatch,
    InventoryIn,
    InventoryPatch,
    ProgressIn,
    ProgressPatch,
    RuleIn,
    RulePatch,
)
from citydiplomacy.core.history.services import Actor
from citydiplomacy.geo.services import city_by_id
from citydiplomacy.organisations.models import Organisation
from citydiplomacy.organisations.services import organisation_by_slug
from citydiplomacy.sources.services import citation_specs


def _organisation(slug: str | None, field: str) -> Organisation | None:
    return organisation_by_slug(slug, field) if slug else None


def _changes(data: Any) -> dict[str, Any]:
    return dict(data.model_dump(exclude_unset=True, exclude={"version", "sources"}))


def _citations(data: Any) -> Any:
    return None if data.sources is None else citation_specs(data.sources)


def commitment_create(data: CommitmentIn, actor: Actor) -> Commitment:
    values = data.model_dump(exclude={"sources", "city", "organisation", "framework"})
    return services.commitment_record(
        city=city_by_id(data.city, "city") if data.city is not None else None,
        organisation=_organisation(data.organisation, "organisation"),
        framework=_organisation(data.framework, "framework"),
        citations=citation_specs(data.sources),
        actor=actor,
        **values,
    )


def commitment_update(commitment: Commitment, data: CommitmentPatch, actor: Actor) -> Commitment:
    changes = _changes(data)
    if "framework" in changes:
        changes["framework"] = _organisation(changes["framework"], "framework")
    return services.commitment_update(
        commitment,
        actor=actor,
        expected_version=data.version,
        citations=_citations(data),
        **changes,
    )


def commitment_delete(commitment: Commitment, actor: Actor, expected_version: int | None) -> None:
    services.commitment_delete(commitment, actor=actor, expected_version=expected_version)


def inventory_create(data: InventoryIn, actor: Actor) -> EmissionsInventory:
    values = data.model_dump(exclude={"sources", "city"})
    return services.inventory_record(
        city=city_by_id(data.city, "city"),
        citations=citation_specs(data.sources),
        actor=actor,
        **values,
    )


def inventory_update(
    inventory: EmissionsInventory, data: InventoryPatch, actor: Actor
) -> EmissionsInventory:
    return services.inventory_update(
        inventory,
        actor=actor,
        expected_version=data.version,
        citations=_citations(data),
        **_changes(data),
    )


def inventory_delete(
    inventory: EmissionsInventory, actor: Actor, expected_version: int | None
) -> None:
    services.inventory_delete(inventory, actor=actor, expected_version=expected_version)


def _commitment_by_id(value: int) -> Commitment:
    found = Commitment.objects.filter(pk=value).first()
    if found is None:
        raise ValidationError({"commitment": f"No commitment {value}."}, code="invalid")
    return found


def progress_create(data: ProgressIn, actor: Actor) -> ProgressReport:
    values = data.model_dump(exclude={"sources", "commitment"})
    return services.progress_record(
        commitment=_commitment_by_id(data.commitment),
        citations=citation_specs(data.sources),
        actor=actor,
        **values,
    )


def progress_update(report: ProgressReport, data: ProgressPatch, actor: Actor) -> ProgressReport:
    return services.progress_update(
        report,
        actor=actor,
        expected_version=data.version,
        citations=_citations(data),
        **_changes(data),
    )


def progress_delete(report: ProgressReport, actor: Actor, expected_version: int | None) -> None:
    services.progress_delete(report, actor=actor, expected_version=expected_version)


def rule_create(data: RuleIn, actor: Actor) -> ObligationRule:
    values = data.model_dump(exclude={"sources", "organisation"})
    organisation = organisation_by_slug(data.organisation, "organisation")
    return services.rule_record(
        organisation=organisation, citations=citation_specs(data.sources), actor=actor, **values
    )


def rule_update(rule: ObligationRule, data: RulePatch, actor: Actor) -> ObligationRule:
    return services.rule_update(
        rule,
        actor=actor,
        expected_version=data.version,
        citations=_citations(data),
        **_changes(data),
    )


def rule_delete(rule: ObligationRule, actor: Actor, expected_version: int | None) -> None:
    services.rule_delete(rule, actor=actor, expected_version=expected_version)
