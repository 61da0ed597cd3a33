"""Policy practices, their adoptions by jurisdictions, and the lineage between adoptions.

A jurisdiction is a city or a first-level division (state, province, region). Both a
practice's origin and an adoption name one through two nullable foreign keys with a
`clean()` that requires exactly one: the registry's cities and divisions stay the single
records of places (no parallel jurisdiction table to keep in step), and each key keeps its
database integrity (PROTECT) and its joins.
"""

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from citydiplomacy.core.partial_dates import PartialDateField, year_of
from citydiplomacy.geo.models import City, Division
from citydiplomacy.organisations.models import Organisation, Topic
from citydiplomacy.sources.models import CitedModel, Source

GRADE_MESSAGE = "The evidence grade is on the Nesta Standards of Evidence scale: 1 to 5."


class EvidenceGrade(models.IntegerChoices):
    """Nesta Standards of Evidence."""

    DESCRIBED = 1, "1: described, with a logical reason why it could work"
    MEASURED = 2, "2: data show change among those who receive it"
    CAUSAL = 3, "3: a comparison group shows it causes the change"
    EXPLAINED = 4, "4: one or more independent replications explain why and how"
    SCALED = 5, "5: manualised, replicated at scale, results sustained"


class AdoptionStatus(models.TextChoices):
    CONSIDERED = "considered", "considered"
    PILOTED = "piloted", "piloted"
    ADOPTED = "adopted", "adopted"
    SCALED = "scaled", "scaled"
    ABANDONED = "abandoned", "abandoned"


class Channel(models.TextChoices):
    NETWORK = "network", "a network or organisation"
    TWINNING = "twinning", "a twinning or cooperation agreement"
    VISIT = "visit", "a visit or engagement"
    CONSULTANCY = "consultancy", "a consultancy"
    NATIONAL = "national-programme", "a national programme"
    UNKNOWN = "unknown", "unknown"


def one_jurisdiction(city_id: Any, division_id: Any, field: str, required: bool) -> str:
    """The error message when a record names both a city and a division (or neither)."""
    if city_id and division_id:
        return f"Name either a city or a division as the {field}, not both."
    if required and not city_id and not division_id:
        return f"Name the {field}: a city or a first-level division."
    return ""


class Practice(CitedModel):
    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    problem = models.TextField(blank=True, help_text="The problem the practice addresses.")
    topics = models.ManyToManyField(Topic, blank=True, related_name="practices")
    category = models.CharField(
        max_length=120, blank=True, help_text="The source's own topic, when it is not ours."
    )
    origin_city = models.ForeignKey(
        City, null=True, blank=True, on_delete=models.PROTECT, related_name="practices_originated"
    )
    origin_division = models.ForeignKey(
        Division,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="practices_originated",
    )
    origin_year = models.PositiveSmallIntegerField(null=True, blank=True)
    evidence_grade = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=EvidenceGrade.choices,
        validators=[
            MinValueValidator(1, GRADE_MESSAGE),
            MaxValueValidator(5, GRADE_MESSAGE),
        ],
    )
    evidence_reason = models.TextField(blank=True, help_text="Why the grader gave this grade.")
    evidence_source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cost_notes = models.TextField(blank=True)
    complexity_notes = models.TextField(blank=True)
    outcomes = models.TextField(blank=True)
    variant_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="variants"
    )
    successor_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="successors"
    )
    documents = models.TextField(
        blank=True, help_text="Links to images or documents, one URL a line."
    )

    history_related: ClassVar[tuple[str, ...]] = ("citations", "topics")

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str] = {}
        message = one_jurisdiction(self.origin_city_id, self.origin_division_id, "origin", False)
        if message:
            errors["origin_division"] = message
        if self.evidence_grade is not None and not 1 <= self.evidence_grade <= 5:
            errors["evidence_grade"] = GRADE_MESSAGE
        if self.evidence_grade is None and self.evidence_reason:
            errors["evidence_grade"] = "A grader's reason needs the grade it explains."
        if self.pk:
            for name in ("variant_of", "successor_of"):
                if getattr(self, f"{name}_id") == self.pk:
                    errors[name] = "A practice cannot be related to itself."
        if errors:
            raise ValidationError(errors)

    @property
    def origin(self) -> City | Division | None:
        return self.origin_city or self.origin_division

    @property
    def document_urls(self) -> list[str]:
        return [line.strip() for line in self.documents.splitlines() if line.strip()]


class Adoption(CitedModel):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="adoptions")
    city = models.ForeignKey(
        City, null=True, blank=True, on_delete=models.PROTECT, related_name="adoptions"
    )
    division = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="adoptions"
    )
    adopted_on = PartialDateField()
    status = models.CharField(
        max_length=12, choices=AdoptionStatus.choices, default=AdoptionStatus.ADOPTED
    )
    borrowed_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="passed_on"
    )
    from_origin = models.BooleanField(
        default=False, help_text="Borrowed from the practice's origin itself."
    )
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.UNKNOWN)
    channel_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel_note = models.CharField(max_length=300, blank=True)
    adaptation_notes = models.TextField(blank=True)
    results = models.TextField(blank=True)

    class Meta:
        ordering = ["adopted_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "city"],
                condition=models.Q(city__isnull=False),
                name="adoption_once_per_city",
                violation_error_message="This city's adoption of the practice is already recorded.",
                violation_error_code="duplicate",
            ),
            models.UniqueConstraint(
                fields=["practice", "division"],
                condition=models.Q(division__isnull=False),
                name="adoption_once_per_division",
                violation_error_message=(
                    "This division's adoption of the practice is already recorded."
                ),
                violation_error_code="duplicate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.adopter} adopts {self.practice}"

    @property
    def adopter(self) -> City | Division | None:
        return self.city or self.division

    def adopter_key(self) -> str:
        return f"city:{self.city_id}" if self.city_id else f"division:{self.division_id}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        message = one_jurisdiction(self.city_id, self.division_id, "adopter", True)
        if message:
            errors["division" if self.division_id else "city"] = message
        practice = self.practice if self.practice_id else None
        year = year_of(self.adopted_on)
        if practice is not None and practice.origin_year and year and year < practice.origin_year:
            errors["adopted_on"] = (
                f"Adopted in {year}, before the practice's origin year {practice.origin_year}."
            )
        if self.borrowed_from_id and self.from_origin:
            errors["from_origin"] = "Borrowed either from another adoption or from the origin."
        if self.borrowed_from_id:
            message = self._lineage_error()
            if message:
                errors["borrowed_from"] = message
        if self.channel_organisation_id and self.channel != Channel.NETWORK:
            errors["channel"] = "An organisation carries a practice through the 'network' channel."
        if errors:
            raise ValidationError(errors)

    def _lineage_error(self) -> str:
        source = self.borrowed_from
        assert source is not None
        if source.practice_id != self.practice_id:
            return "Borrowed from an adoption of another practice."
        if source.adopter_key() == self.adopter_key():
            return "A jurisdiction cannot borrow a practice from itself."
        mine, theirs = year_of(self.adopted_on), year_of(source.adopted_on)
        if mine and theirs and theirs > mine:
            return f"Borrowed from an adoption of {theirs}, later than this one ({mine})."
        seen = {self.pk} if self.pk else set()
        step: Adoption | None = source
        while step is not None:
            if step.pk in seen:
                return "This would make a lineage cycle: the source already learned from it."
            seen.add(step.pk)
            step = step.borrowed_from
        return ""


class SearchDocument(models.Model):
    """A practice's searchable text, accent-folded and lower-cased (see `search.py`).

    On SQLite an FTS5 table (`practices_fts`, rowid = practice id) mirrors it; on PostgreSQL
    it is searched with a weighted tsvector. Written only by `search.index_practices`.
    """

    practice = models.OneToOneField(
        Practice, primary_key=True, on_delete=models.CASCADE, related_name="search_document"
    )
    title = models.TextField()
    body = models.TextField()

    def __str__(self) -> str:
        return self.title
