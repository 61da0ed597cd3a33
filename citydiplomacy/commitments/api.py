"""API of commitments: entities (list/read/create/update/delete) and the computed views."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from citydiplomacy.commitments import inputs
from citydiplomacy.commitments.figures import accountability_figures, weight_figures
from citydiplomacy.commitments.filtersets import (
    CommitmentFilterSet,
    InventoryFilterSet,
    ProgressFilterSet,
    RuleFilterSet,
)
from citydiplomacy.commitments.models import (
    Commitment,
    EmissionsInventory,
    ObligationRule,
    ProgressReport,
)
from citydiplomacy.commitments.schemas import (
    AccountabilityOut,
    CommitmentIn,
    CommitmentOut,
    CommitmentPatch,
    InventoryIn,
    InventoryOut,
    InventoryPatch,
    ObligationOut,
    ProgressIn,
    ProgressOut,
    ProgressPatch,
    ProgressStatusOut,
    RuleIn,
    RuleOut,
    RulePatch,
    WeightOut,
)
from citydiplomacy.commitments.selectors import (
    commitment_progress,
    commitments,
    inventories,
    obligation_rules,
    obligations_of_city,
    progress_reports,
)
from citydiplomacy.commitments.weight import Selection
from citydiplomacy.core.crud import Entity
from citydiplomacy.geo.models import City
from citydiplomacy.organisations.models import Organisation

COMMITMENT = Entity[Commitment](
    name="commitment",
    plural="commitments",
    title="Commitments",
    model=Commitment,
    lookup="pk",
    out_schema=CommitmentOut,
    in_schema=CommitmentIn,
    patch_schema=CommitmentPatch,
    filterset=CommitmentFilterSet,
    queryset=lambda user: commitments(),
    create=inputs.commitment_create,
    update=inputs.commitment_update,
    delete=inputs.commitment_delete,
)
INVENTORY = Entity[EmissionsInventory](
    name="inventory",
    plural="inventories",
    title="Emissions inventories",
    model=EmissionsInventory,
    lookup="pk",
    out_schema=InventoryOut,
    in_schema=InventoryIn,
    patch_schema=InventoryPatch,
    filterset=InventoryFilterSet,
    queryset=lambda user: inventories(),
    create=inputs.inventory_create,
    update=inputs.inventory_update,
    delete=inputs.inventory_delete,
)
PROGRESS = Entity[ProgressReport](
    name="progress-report",
    plural="progress-reports",
    title="Progress reports",
    model=ProgressReport,
    lookup="pk",
    out_schema=ProgressOut,
    in_schema=ProgressIn,
    patch_schema=ProgressPatch,
    filterset=ProgressFilterSet,
    queryset=lambda user: progress_reports(),
    create=inputs.progress_create,
    update=inputs.progress_update,
    delete=inputs.progress_delete,
)
RULE = Entity[ObligationRule](
    name="obligation-rule",
    plural="obligation-rules",
    title="Obligation rules",
    model=ObligationRule,
    lookup="pk",
    out_schema=RuleOut,
    in_schema=RuleIn,
    patch_schema=RulePatch,
    filterset=RuleFilterSet,
    queryset=lambda user: obligation_rules(),
    create=inputs.rule_create,
    update=inputs.rule_update,
    delete=inputs.rule_delete,
)
ENTITIES: list[Entity[Any]] = [COMMITMENT, INVENTORY, PROGRESS, RULE]


class WeightQuery(Schema):
    organisations: list[str] = []
    mode: str = "union"
    as_of: int = dt.date.today().year
    country: str = ""
    region: str = ""


def selection_from(query: WeightQuery) -> Selection:
    found = {o.slug: o for o in Organisation.objects.filter(slug__in=query.organisations)}
    missing = [slug for slug in query.organisations if slug not in found]
    if missing:
        raise ValidationError({"organisations": f"No organisation {', '.join(missing)}."})
    if query.mode not in ("union", "intersection"):
        raise ValidationError({"mode": "Choose union or intersection."})
    return Selection(
        organisations=[found[s] for s in query.organisations],
        mode=query.mode,
        as_of=query.as_of,
        country=query.country,
        region=query.region,
    )


def router() -> Router:
    """The computed views: progress, obligations, accountability and coalition weight."""
    api = Router(tags=["commitments"])

    @api.get("/commitments/{pk}/progress", response=ProgressStatusOut)
    def progress(request: HttpRequest, pk: int) -> dict[str, Any]:
        return commitment_progress(get_object_or_404(Commitment, pk=pk)).as_dict()

    @api.get("/cities/{geonames_id}/obligations", response=list[ObligationOut])
    def obligations(request: HttpRequest, geonames_id: int) -> list[dict[str, object]]:
        city = get_object_or_404(City, pk=geonames_id)
        return [o.as_dict() for o in obligations_of_city(city)]

    @api.get("/organisations/{slug}/accountability", response=AccountabilityOut)
    def report(request: HttpRequest, slug: str) -> dict[str, Any]:
        organisation = get_object_or_404(Organisation, slug=slug)
        report = accountability_figures(organisation)
        return {"organisation": slug, **report, "rows": list(report["rows"])}

    @api.get("/coalition-weight", response=WeightOut)
    def weight(request: HttpRequest, query: Query[WeightQuery]) -> dict[str, Any]:
        return weight_figures(selection_from(query))

    return api
