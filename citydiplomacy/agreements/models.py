"""Agreements between two cities. The pair is unordered: A-B and B-A are one agreement."""

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models

from citydiplomacy.core.partial_dates import PartialDateField, ends_before_start
from citydiplomacy.geo.models import City
from citydiplomacy.sources.models import CitedModel


class AgreementKind(models.TextChoices):
    SISTER_CITY = "sister-city", "sister city (twinning)"
    FRIENDSHIP = "friendship", "friendship city"
    PARTNERSHIP = "partnership", "partner city"
    MOU = "mou", "memorandum of understanding"
    COOPERATION = "cooperation", "cooperation agreement"
    BINATIONAL_COMMISSION = "binational-commission", "binational commission"
    OTHER = "other", "other agreement"


class AgreementStatus(models.TextChoices):
    # What no source states stays unknown: a twin-town list says two cities are twinned,
    # not that the tie is alive.
    UNKNOWN = "unknown", "unknown"
    ACTIVE = "active", "active"
    DORMANT = "dormant", "dormant"
    ENDED = "ended", "ended"


class Agreement(CitedModel):
    """An agreement between two cities, stored with the lower GeoNames id as city A."""

    city_a = models.ForeignKey(City, on_delete=models.PROTECT, related_name="agreements_as_a")
    city_b = models.ForeignKey(City, on_delete=models.PROTECT, related_name="agreements_as_b")
    kind = models.CharField(
        max_length=25, choices=AgreementKind.choices, default=AgreementKind.SISTER_CITY
    )
    signed = PartialDateField()
    ended = PartialDateField()
    status = models.CharField(
        max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.UNKNOWN
    )
    as_of = PartialDateField(
        verbose_name="as of",
        help_text="The date of the snapshot that states the status (e.g. a dated list).",
    )
    via_district = models.BooleanField(
        default=False,
        help_text="A source names a district or borough of the city, not the city itself "
        "(the name as written is on the citation).",
    )
    title = models.CharField(max_length=300, blank=True)
    note = models.TextField(blank=True)
    stated_only_by = models.ForeignKey(
        City,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Set when only this city's record (e.g. its Wikidata item) states the tie.",
    )

    source_list_url: ClassVar[str] = "agreements:list"

    class Meta:
        ordering = ["city_a__name", "city_b__name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(city_a__lt=models.F("city_b")),
                name="agreement_pair_ordered",
                violation_error_message="A city cannot have an agreement with itself.",
            ),
            models.UniqueConstraint(
                fields=["city_a", "city_b", "kind"],
                name="agreement_once_per_pair_and_kind",
                violation_error_message=(
                    "These two cities already have an agreement of this kind."
                ),
                violation_error_code="duplicate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city_a.name} \N{EN DASH} {self.city_b.name} ({self.get_kind_display()})"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.city_a_id and self.city_b_id:
            if self.city_a_id == self.city_b_id:
                errors["city_b"] = "A city cannot have an agreement with itself."
            elif self.city_a_id > self.city_b_id:
                # Whatever order the cities were given in, store the pair one way.
                self.city_a, self.city_b = self.city_b, self.city_a
        if ends_before_start(self.signed, self.ended):
            errors["ended"] = "An agreement cannot end before it was signed."
        if self.ended and self.status != AgreementStatus.ENDED:
            errors["status"] = "An agreement with an end date has the status 'ended'."
        if self.stated_only_by_id and self.stated_only_by_id not in (
            self.city_a_id,
            self.city_b_id,
        ):
            errors["stated_only_by"] = "Only one of the two cities can be the one stating it."
        if errors:
            raise ValidationError(errors)

    @property
    def one_sided(self) -> bool:
        return self.stated_only_by_id is not None

    def partner_of(self, city_id: int) -> City:
        return self.city_b if self.city_a_id == city_id else self.city_a
