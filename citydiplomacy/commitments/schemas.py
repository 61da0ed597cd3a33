"""API shapes of commitments, inventories, progress reports, rules and the computed views."""

from typing import Any

from ninja import Field, Schema

from citydiplomacy.commitments.models import (
    Commitment,
    EmissionsInventory,
    ObligationRule,
    ProgressReport,
)
from citydiplomacy.core.links import record_url
from citydiplomacy.geo.schemas import CityRef
from citydiplomacy.sources.models import Citation
from citydiplomacy.sources.schemas import CitationIn, CitationOut
from citydiplomacy.sources.selectors import citations_of


def _sources(obj: Any) -> list[Citation]:
    return citations_of(obj)


class CommitmentOut(Schema):
    id: int
    city: CityRef | None
    organisation: str | None = Field(None, description="Slug of a committing organisation.")
    framework: str | None = Field(None, description="Slug of the organisation it is made under.")
    kind: str
    kind_label: str
    statement: str
    boundary: str
    sector: str
    baseline_year: int | None
    baseline_value: float | None
    target_year: int | None
    target_value: float | None
    target_percent: float | None
    target_figure: float | None = Field(None, description="Target value, or from the percent.")
    unit: str
    made: str
    status: str
    sources: list[CitationOut]
    version: int
    url: str

    @staticmethod
    def resolve_organisation(obj: Commitment) -> str | None:
        return obj.organisation.slug if obj.organisation_id and obj.organisation else None

    @staticmethod
    def resolve_framework(obj: Commitment) -> str | None:
        return obj.framework.slug if obj.framework_id and obj.framework else None

    @staticmethod
    def resolve_kind_label(obj: Commitment) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_sources(obj: Commitment) -> list[Citation]:
        return _sources(obj)

    @staticmethod
    def resolve_url(obj: Commitment) -> str:
        return record_url("commitments:detail", obj.pk)


class CommitmentIn(Schema):
    city: int | None = Field(None, description="GeoNames id of the committing city.")
    organisation: str | None = Field(None, description="Slug of a committing organisation.")
    framework: str | None = Field(None, description="Slug of the organisation it is made under.")
    kind: str
    statement: str = ""
    boundary: str = ""
    sector: str = ""
    baseline_year: int | None = None
    baseline_value: float | None = None
    target_year: int | None = None
    target_value: float | None = None
    target_percent: float | None = Field(None, description="Reduction in percent (0-100).")
    unit: str = "t CO2e"
    made: str = Field("", description="A year, year-month or date.")
    status: str = "active"
    sources: list[CitationIn] = []


class CommitmentPatch(Schema):
    version: int
    framework: str | None = None
    kind: str | None = None
    statement: str | None = None
    boundary: str | None = None
    sector: str | None = None
    baseline_year: int | None = None
    baseline_value: float | None = None
    target_year: int | None = None
    target_value: float | None = None
    target_percent: float | None = None
    unit: str | None = None
    made: str | None = None
    status: str | None = None
    sources: list[CitationIn] | None = None


class InventoryOut(Schema):
    id: int
    city: CityRef
    year: int
    total: float | None
    scope1: float | None
    scope2: float | None
    scope3: float | None
    protocol: str
    boundary: str
    gases: str
    reported_in: str
    sources: list[CitationOut]
    version: int

    @staticmethod
    def resolve_sources(obj: EmissionsInventory) -> list[Citation]:
        return _sources(obj)


class InventoryIn(Schema):
    city: int = Field(description="GeoNames id of the city.")
    year: int = Field(description="The accounting year.")
    total: float | None = None
    scope1: float | None = None
    scope2: float | None = None
    scope3: float | None = None
    protocol: str = ""
    boundary: str = ""
    gases: str = ""
    reported_in: str = Field(description="The dataset or document reporting it.")
    sources: list[CitationIn] = []


class InventoryPatch(Schema):
    version: int
    year: int | None = None
    total: float | None = None
    scope1: float | None = None
    scope2: float | None = None
    scope3: float | None = None
    protocol: str | None = None
    boundary: str | None = None
    gases: str | None = None
    reported_in: str | None = None
    sources: list[CitationIn] | None = None


class ProgressOut(Schema):
    id: int
    commitment: int = Field(alias="commitment_id")
    year: int
    value: float | None
    percent_achieved: float | None
    reported_in: str
    sources: list[CitationOut]
    version: int

    @staticmethod
    def resolve_sources(obj: ProgressReport) -> list[Citation]:
        return _sources(obj)


class ProgressIn(Schema):
    commitment: int
    year: int
    value: float | None = None
    percent_achieved: float | None = None
    reported_in: str
    sources: list[CitationIn] = []


class ProgressPatch(Schema):
    version: int
    year: int | None = None
    value: float | None = None
    percent_achieved: float | None = None
    reported_in: str | None = None
    sources: list[CitationIn] | None = None


class RuleOut(Schema):
    id: int
    organisation: str
    kind: str
    kind_label: str
    description: str
    within_years: int | None
    every_years: int | None
    sources: list[CitationOut]
    version: int

    @staticmethod
    def resolve_organisation(obj: ObligationRule) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_kind_label(obj: ObligationRule) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_sources(obj: ObligationRule) -> list[Citation]:
        return _sources(obj)


class RuleIn(Schema):
    organisation: str = Field(description="Slug of the organisation.")
    kind: str
    description: str
    within_years: int | None = None
    every_years: int | None = None
    sources: list[CitationIn] = []


class RulePatch(Schema):
    version: int
    kind: str | None = None
    description: str | None = None
    within_years: int | None = None
    every_years: int | None = None
    sources: list[CitationIn] | None = None


# ---------------------------------------------------------------- computed views


class PointOut(Schema):
    year: int
    value: float | None
    kind: str
    reported_in: str
    percent_achieved: float | None


class ProgressStatusOut(Schema):
    status: str = Field(description="on-track, off-track, achieved, stale, no-data, not-measurable")
    status_label: str
    note: str
    baseline: PointOut | None
    target: PointOut | None
    latest: PointOut | None
    percent_achieved: float | None = Field(None, description="Computed from the latest figure.")
    reported_percent: PointOut | None = Field(None, description="The latest reported percent.")
    expected_value: float | None
    expected_percent: float | None
    tolerance_points: float
    stale_after_years: int
    points: list[PointOut]
    left_out: list[PointOut] = Field(
        [],
        description="Inventory totals under a tenth or over ten times the baseline, not used.",
    )


class ObligationOut(Schema):
    organisation: str
    organisation_name: str
    rule: str
    rule_kind: str
    description: str
    joined: str
    state: str = Field(description="met, due, overdue or expected (no deadline stated)")
    state_label: str
    due: str | None
    last_evidence_year: int | None
    note: str


class AccountabilityRowOut(Schema):
    city: int
    city_name: str
    country: str
    joined: str
    commitments: int
    statuses: str
    on_track: bool
    last_report: int | None
    reporting: bool
    obligations_met: int
    obligations_due: int
    obligations_overdue: int
    obligations_expected: int = Field(description="Rules whose source states no deadline, unmet")


class RuleSummaryOut(Schema):
    kind: str
    label: str
    description: str


class AccountabilityOut(Schema):
    organisation: str
    members: int
    as_of: str
    with_commitment: int
    on_track: int
    reporting: int
    share_on_track: float | None
    share_reporting: float | None
    rules: list[RuleSummaryOut]
    reporting_window_years: int
    rows: list[AccountabilityRowOut]


class WeightRowOut(Schema):
    city: int
    name: str
    country: str
    region: str
    population: int | None
    population_from: str
    emissions: float | None
    emissions_year: int | None
    emissions_from: str


class WeightRegionOut(Schema):
    region: str
    cities: int
    population: int
    emissions: float
    population_share_of_region: float | None


class WeightOut(Schema):
    selection: str
    as_of: int
    mode: str
    organisations: list[str]
    cities: int
    population: int
    population_share_of_world: float | None
    world_population: int
    world_population_from: str
    emissions: float
    emissions_share_of_world: float | None
    emissions_note: str
    share_with_population_series: float | None
    share_with_population_fallback: float | None
    share_with_emissions: float | None
    regions: list[WeightRegionOut]
    rows: list[WeightRowOut]
