"""People outside the office (officials, diplomats, partners) and the consular corps of its city.

Both are office-private (`OfficeRecord`). A contact is personal data: other records' history
names a contact only by id (`history_label`), so erasing a person on request
(`contacts.services.contact_erase`) has only the contact's own history to scrub.
"""

from django.core.exceptions import ValidationError
from django.db import models

from citydiplomacy.core.partial_dates import PartialDateField, ends_before_start
from citydiplomacy.geo.models import City, Country
from citydiplomacy.offices.models import OfficeRecord
from citydiplomacy.organisations.models import Organisation


class ContactKind(models.TextChoices):
    FOREIGN_OFFICIAL = "foreign-official", "foreign official"
    DIPLOMAT = "diplomat", "diplomat"
    BUSINESS = "business", "business"
    UNIVERSITY = "university", "university"
    CIVIL_SOCIETY = "civil-society", "civil society"
    OTHER = "other", "other"


class Contact(OfficeRecord):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ContactKind.choices, default=ContactKind.OTHER)
    title = models.CharField(max_length=200, blank=True, help_text="e.g. Mayor of Tokyo.")
    organisation_name = models.CharField(
        max_length=300,
        blank=True,
        verbose_name="organisation",
        help_text="As the person gives it, e.g. Consulate General of Japan.",
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="registry organisation",
        help_text="When the organisation is in the registry.",
    )
    city = models.ForeignKey(
        City, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    languages = models.CharField(max_length=200, blank=True, help_text="e.g. Japanese, English.")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["office", "name"])]

    def __str__(self) -> str:
        return self.name

    def history_label(self) -> str:
        # Never the name: other records' history must not hold a contact's personal data.
        return f"contact {self.pk}"

    def clean(self) -> None:
        if self.city is not None and self.country_id and self.city.country_id != self.country_id:
            raise ValidationError({"country": "The contact's city lies in another country."})
        if self.city is not None and not self.country_id:
            self.country_id = self.city.country_id


class PostKind(models.TextChoices):
    EMBASSY = "embassy", "embassy"
    CONSULATE_GENERAL = "consulate-general", "consulate general"
    CONSULATE = "consulate", "consulate"
    HONORARY_CONSULATE = "honorary-consulate", "honorary consulate"


class ConsularPost(OfficeRecord):
    """A foreign country's post in the office's city, and who holds it since when."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name="sending country"
    )
    kind = models.CharField(
        max_length=20, choices=PostKind.choices, default=PostKind.CONSULATE_GENERAL
    )
    holder = models.ForeignKey(
        Contact,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consular_posts",
        help_text="The contact who holds the post.",
    )
    holder_title = models.CharField(
        max_length=200, blank=True, help_text="e.g. Consul General, Honorary Consul."
    )
    since = PartialDateField(verbose_name="held since")
    until = PartialDateField(verbose_name="held until")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["country__name", "kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display().capitalize()} of {self.country.name}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.holder is not None and self.holder.office_id != self.office_id:
            errors["holder"] = "The holder must be one of this office's contacts."
        if self.country_id and self.office_id and self.office.city.country_id == self.country_id:
            errors["country"] = "A country has no consular post in its own city."
        if ends_before_start(self.since, self.until):
            errors["until"] = "The post cannot be held until before it was held since."
        if errors:
            raise ValidationError(errors)
