"""Offices of international affairs, who belongs to them, and the base of office-private records."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from citydiplomacy.core.history.models import VersionedModel
from citydiplomacy.geo.models import City

# Slugs that read as page names under /offices/ rather than offices.
RESERVED_SLUGS = frozenset({"new"})


class Office(VersionedModel):
    """A city government's office of international affairs (or a network secretariat)."""

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=300)
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="offices_of_city")
    description = models.TextField(blank=True)
    dormant_after_months = models.PositiveSmallIntegerField(
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        verbose_name="dormant after (months)",
        help_text="A partner with no engagement for this long is flagged dormant on the dashboard.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def history_office_id(self) -> int:
        """An office's own history is its members' business, like its records'."""
        return self.pk

    def clean(self) -> None:
        if self.slug in RESERVED_SLUGS or self.slug.isdigit():
            raise ValidationError(
                {"slug": f"{self.slug!r} is reserved; choose another short name."},
                code="reserved",
            )


class OfficeRole(models.TextChoices):
    VIEWER = "viewer", "viewer"
    EDITOR = "editor", "editor"
    ADMIN = "admin", "admin"


class OfficeMembership(VersionedModel):
    """A user's role in an office: viewers read its records, editors write, admins manage."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="office_memberships"
    )
    role = models.CharField(max_length=10, choices=OfficeRole.choices, default=OfficeRole.VIEWER)

    class Meta:
        ordering = ["office__name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "user"],
                name="office_membership_once",
                violation_error_message="This user is already a member of this office.",
                violation_error_code="duplicate",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) in {self.office}"


class OfficeRecord(VersionedModel):
    """A record that belongs to one office and is visible only to its members."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True
