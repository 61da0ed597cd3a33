"""City networks and other bodies, the topics they work on, and cities' memberships."""

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models

from citydiplomacy.core.partial_dates import PartialDateField, ends_before_start
from citydiplomacy.geo.models import City, Country, wikidata_validator
from citydiplomacy.sources.models import CitedModel


class Topic(models.Model):
    """A controlled vocabulary of policy topics, shared by networks and engagements."""

    slug = models.SlugField(max_length=60, primary_key=True)
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def history_label(self) -> str:
        return self.slug


class OrganisationKind(models.TextChoices):
    CITY_NETWORK = "city-network", "city network"
    ASSOCIATION = "association", "association of local governments"
    PROGRAMME = "programme", "programme or initiative"
    CAMPAIGN = "campaign", "campaign"
    INTERGOVERNMENTAL = "intergovernmental", "intergovernmental organisation or body"
    COMMISSION = "commission", "commission"
    OTHER = "other", "other body"


class Organisation(CitedModel):
    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=300)
    acronym = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    themes = models.ManyToManyField(Topic, blank=True, related_name="organisations")
    founded = PartialDateField()
    dissolved = PartialDateField()
    secretariat_city = models.ForeignKey(
        City, null=True, blank=True, on_delete=models.PROTECT, related_name="secretariats"
    )
    secretariat_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    website = models.URLField(max_length=300, blank=True)
    wikidata_id = models.CharField(
        max_length=20, blank=True, validators=[wikidata_validator], verbose_name="Wikidata id"
    )
    description = models.TextField(blank=True)

    history_related: ClassVar[tuple[str, ...]] = ("citations", "themes")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def clean(self) -> None:
        if ends_before_start(self.founded, self.dissolved):
            raise ValidationError(
                {"dissolved": "An organisation cannot be dissolved before it was founded."}
            )
        city, country = self.secretariat_city, self.secretariat_country_id
        if city is not None and country and city.country_id != country:
            raise ValidationError(
                {"secretariat_country": "The secretariat city lies in another country."}
            )


class MembershipRole(models.TextChoices):
    MEMBER = "member", "member"
    FOUNDER = "founder", "founding member"
    CHAIR = "chair", "chair"
    VICE_CHAIR = "vice-chair", "vice-chair"
    STEERING_COMMITTEE = "steering-committee", "steering committee"
    BOARD = "board", "board member"
    ASSOCIATE = "associate", "associate member"
    OBSERVER = "observer", "observer"
    PARTNER = "partner", "partner"
    LEAD_PARTNER = "lead-partner", "lead partner"


class Membership(CitedModel):
    """A city's membership of an organisation, in one role, over a span of time."""

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=MembershipRole.choices, default="member")
    joined = PartialDateField()
    left = PartialDateField()
    note = models.TextField(blank=True)
    as_of = PartialDateField(
        verbose_name="as of",
        help_text="The date of the snapshot that lists the member (a dated member list).",
    )
    via_district = models.BooleanField(
        default=False,
        help_text="The source names a district or borough of the city, not the city itself.",
    )

    source_list_url: ClassVar[str] = "organisations:memberships"

    class Meta:
        ordering = ["organisation__name", "city__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "organisation", "role", "joined"],
                name="membership_once",
                violation_error_message=(
                    "This city already has this role in this organisation from that date."
                ),
                violation_error_code="duplicate",
            )
        ]

    def __str__(self) -> str:
        return f"{self.city.name} in {self.organisation.acronym or self.organisation.name}"

    def clean(self) -> None:
        if ends_before_start(self.joined, self.left):
            raise ValidationError({"left": "A membership cannot end before it starts."})

    @property
    def is_current(self) -> bool:
        return not self.left
