"""Commitments of cities (pledges with baseline and target), emissions inventories, progress
reports and the obligation rules of networks. Every row cites its source; the rules a record
must keep are in `clean()`, so forms, the API, the CLI and imports refuse the same input."""

import datetime
import math

from django.core.exceptions import ValidationError
from django.db import models

from citydiplomacy.core.partial_dates import PartialDateField
from citydiplomacy.geo.models import City
from citydiplomacy.organisations.models import Organisation
from citydiplomacy.sources.models import CitedModel


class CommitmentKind(models.TextChoices):
    ABSOLUTE = "absolute-reduction", "absolute emissions reduction"
    INTENSITY = "intensity-reduction", "emissions intensity reduction"
    BASELINE_SCENARIO = "bau-reduction", "reduction against a business-as-usual scenario"
    NET_ZERO = "net-zero", "net zero / carbon neutrality"
    RENEWABLE = "renewable-electricity", "renewable electricity share"
    ACTION_PLAN = "action-plan", "adopt a climate action plan"
    INVENTORY = "inventory", "publish an emissions inventory"
    OTHER = "other", "other commitment"


# Kinds whose progress is a falling emissions figure between a baseline and a target.
MEASURABLE_KINDS = (CommitmentKind.ABSOLUTE, CommitmentKind.NET_ZERO)


class CommitmentStatus(models.TextChoices):
    ACTIVE = "active", "active"
    ACHIEVED = "achieved", "achieved"
    WITHDRAWN = "withdrawn", "withdrawn"
    SUPERSEDED = "superseded", "superseded"
    LAPSED = "lapsed", "lapsed"


class Boundary(models.TextChoices):
    CITY_WIDE = "city-wide", "city-wide (community)"
    GOVERNMENT = "government", "government operations"
    OTHER = "other", "other boundary"
    UNKNOWN = "", "not stated"


def _current_year() -> int:
    return datetime.date.today().year


def _finite(value: float | None) -> bool:
    return value is None or math.isfinite(value)


class Commitment(CitedModel):
    """A pledge made by a city, or by an organisation on behalf of its members."""

    city = models.ForeignKey(
        City, null=True, blank=True, on_delete=models.PROTECT, related_name="commitments"
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments_made",
        help_text="An organisation committing on behalf of its members (leave the city empty).",
    )
    framework = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments_under",
        help_text="The organisation or declaration the commitment is made under.",
    )
    kind = models.CharField(max_length=25, choices=CommitmentKind.choices)
    statement = models.TextField(blank=True, help_text="The commitment in the source's words.")
    boundary = models.CharField(max_length=12, choices=Boundary.choices, blank=True)
    sector = models.CharField(max_length=200, blank=True)
    baseline_year = models.PositiveSmallIntegerField(null=True, blank=True)
    baseline_value = models.FloatField(null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(null=True, blank=True)
    target_value = models.FloatField(null=True, blank=True)
    target_percent = models.FloatField(
        null=True, blank=True, help_text="Reduction from the baseline, in percent (0-100)."
    )
    unit = models.CharField(max_length=40, blank=True, default="t CO2e")
    made = PartialDateField(help_text="When the commitment was made (year, month or day).")
    status = models.CharField(
        max_length=12, choices=CommitmentStatus.choices, default=CommitmentStatus.ACTIVE
    )
    # What an import knows the commitment by (dataset and row key), so a second run finds it.
    external_key = models.CharField(max_length=120, blank=True, db_index=True)

    class Meta:
        ordering = ["city__name", "target_year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_key"],
                condition=~models.Q(external_key=""),
                name="commitment_external_key_once",
                violation_error_message="A commitment with this import key already exists.",
                violation_error_code="duplicate",
            )
        ]

    def __str__(self) -> str:
        who = self.city.name if self.city is not None else str(self.organisation or "?")
        year = f" by {self.target_year}" if self.target_year else ""
        return f"{who}: {self.get_kind_display()}{year}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not self.city_id and not self.organisation_id:
            errors["city"] = "Say who commits: a city, or an organisation for its members."
        if self.city_id and self.organisation_id:
            errors["organisation"] = (
                "A commitment is made by a city or by an organisation, not both."
            )
        if self.baseline_year and self.target_year and self.target_year < self.baseline_year:
            errors["target_year"] = (
                f"The target year ({self.target_year}) is before the baseline year "
                f"({self.baseline_year})."
            )
        if self.target_percent is not None and not (
            _finite(self.target_percent) and 0 <= self.target_percent <= 100
        ):
            errors["target_percent"] = (
                f"A reduction is between 0% and 100% (got {self.target_percent:g}%)."
            )
        for name in ("baseline_value", "target_value"):
            value = getattr(self, name)
            if value is not None and not (_finite(value) and value >= 0):
                errors[name] = f"Emissions cannot be negative (got {value:g})."
        if errors:
            raise ValidationError(errors)

    @property
    def made_year(self) -> int | None:
        return int(self.made[:4]) if self.made else None

    @property
    def measured_by_city_inventory(self) -> bool:
        """Whether the city-wide inventory measures what the target covers: all sectors of
        the city (or not stated) within the city's own boundary (or not stated)."""
        sector = self.sector.strip().lower()
        all_sectors = not sector or sector.startswith("all")
        return all_sectors and self.boundary in (Boundary.CITY_WIDE, Boundary.UNKNOWN)

    @property
    def target_figure(self) -> float | None:
        """The target value, or the one the percentage gives from the baseline."""
        if self.target_value is not None:
            return self.target_value
        if self.kind == CommitmentKind.NET_ZERO and self.baseline_value is not None:
            return 0.0
        if self.target_percent is not None and self.baseline_value is not None:
            return self.baseline_value * (1 - self.target_percent / 100)
        return None


class EmissionsInventory(CitedModel):
    """A city's greenhouse-gas emissions for one accounting year, as one dataset reports it."""

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="emissions_inventories")
    year = models.PositiveSmallIntegerField(help_text="The accounting year.")
    total = models.FloatField(null=True, blank=True, help_text="Total emissions, t CO2e.")
    scope1 = models.FloatField(null=True, blank=True)
    scope2 = models.FloatField(null=True, blank=True)
    scope3 = models.FloatField(null=True, blank=True)
    protocol = models.CharField(max_length=300, blank=True)
    boundary = models.CharField(max_length=300, blank=True)
    gases = models.CharField(max_length=300, blank=True)
    reported_in = models.CharField(
        max_length=120, help_text="The dataset or document reporting it, e.g. cdp-2019."
    )

    class Meta:
        ordering = ["city__name", "year"]
        verbose_name_plural = "emissions inventories"
        constraints = [
            models.UniqueConstraint(
                fields=["city", "year", "reported_in"],
                name="inventory_once_per_report",
                violation_error_message=(
                    "This city already has an inventory for that year from that report."
                ),
                violation_error_code="duplicate",
            )
        ]

    def __str__(self) -> str:
        return f"{self.city.name} emissions {self.year}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.year and self.year > _current_year():
            errors["year"] = f"An inventory cannot be for a future year ({self.year})."
        for name in ("total", "scope1", "scope2", "scope3"):
            value = getattr(self, name)
            if value is not None and not (_finite(value) and value >= 0):
                errors[name] = f"Emissions cannot be negative (got {value:g})."
        if errors:
            raise ValidationError(errors)


class ProgressReport(CitedModel):
    """A reported figure of a commitment's progress: the emissions value, or percent achieved."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="progress_reports"
    )
    year = models.PositiveSmallIntegerField()
    value = models.FloatField(
        null=True, blank=True, help_text="Emissions in the commitment's unit."
    )
    percent_achieved = models.FloatField(
        null=True, blank=True, help_text="The share of the target achieved, as reported."
    )
    reported_in = models.CharField(max_length=120, help_text="Dataset or document.")

    class Meta:
        ordering = ["commitment", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "year", "reported_in"],
                name="progress_once_per_report",
                violation_error_message="This report already gives a figure for that year.",
                violation_error_code="duplicate",
            )
        ]

    def __str__(self) -> str:
        return f"Progress {self.year} of {self.commitment_id}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.value is None and self.percent_achieved is None:
            errors["value"] = "Give the reported value or the percent achieved."
        if self.value is not None and not (_finite(self.value) and self.value >= 0):
            errors["value"] = f"Emissions cannot be negative (got {self.value:g})."
        if self.percent_achieved is not None and not _finite(self.percent_achieved):
            errors["percent_achieved"] = "The percent achieved must be a number."
        if self.year and self.year > _current_year():
            errors["year"] = f"A progress report cannot be for a future year ({self.year})."
        made = self.commitment.made_year if self.commitment_id else None
        if made and self.year and self.year < made:
            errors["year"] = (
                f"A progress report ({self.year}) cannot be from before the commitment was "
                f"made ({made})."
            )
        if errors:
            raise ValidationError(errors)


class ObligationKind(models.TextChoices):
    INVENTORY = "inventory", "publish a city-wide emissions inventory"
    ACTION_PLAN = "action-plan", "adopt a climate action plan"
    PLAN_REVIEW = "plan-review", "review the climate action plan"
    REPORT = "report", "report progress"
    TARGET = "target", "set an emissions reduction target"


class ObligationRule(CitedModel):
    """What an organisation asks of its members, as data; cited to where the rule stands."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="obligation_rules"
    )
    kind = models.CharField(max_length=15, choices=ObligationKind.choices)
    description = models.TextField(help_text="The rule in the source's words or a close summary.")
    within_years = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Due this many years after joining (empty: not stated)."
    )
    every_years = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Then again every this many years (empty: once)."
    )

    class Meta:
        ordering = ["organisation__name", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind"],
                name="obligation_rule_once",
                violation_error_message="This organisation already has a rule of this kind.",
                violation_error_code="duplicate",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_kind_display()}"

    def clean(self) -> None:
        if self.within_years == 0:
            raise ValidationError({"within_years": "Give at least one year, or leave it empty."})
        if self.every_years == 0:
            raise ValidationError({"every_years": "Give at least one year, or leave it empty."})
