"""People (mayors and other officials) and the offices they hold, with their terms."""

from django.core.exceptions import ValidationError
from django.db import models

from citydiplomacy.core.partial_dates import PartialDateField, ends_before_start
from citydiplomacy.geo.models import City, wikidata_validator
from citydiplomacy.geo.names import name_key
from citydiplomacy.organisations.models import Organisation
from citydiplomacy.sources.models import CitedModel


class Person(CitedModel):
    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=200)
    wikidata_id = models.CharField(
        max_length=20, blank=True, validators=[wikidata_validator], verbose_name="Wikidata id"
    )
    born = PartialDateField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~models.Q(wikidata_id=""),
                name="person_wikidata_id_unique",
                violation_error_message="Another person already has this Wikidata id.",
                violation_error_code="duplicate",
            )
        ]

    def __str__(self) -> str:
        return self.name


SAME_TERM = "This person already holds this office from that date."


class OfficeRole(models.TextChoices):
    MAYOR = "mayor", "mayor"
    DEPUTY_MAYOR = "deputy-mayor", "deputy mayor"
    COUNCIL_LEADER = "council-leader", "leader of the council"
    CHAIR = "chair", "chair"
    VICE_CHAIR = "vice-chair", "vice-chair"
    PRESIDENT = "president", "president"
    VICE_PRESIDENT = "vice-president", "vice-president"
    BOARD_MEMBER = "board-member", "board member"
    OTHER = "other", "other office"


class OfficeHeld(CitedModel):
    """A term in office: a person holding a role in a city or an organisation."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="offices")
    role = models.CharField(max_length=20, choices=OfficeRole.choices, default=OfficeRole.MAYOR)
    title = models.CharField(
        max_length=200, blank=True, help_text="The office's own title, e.g. Mayor of London."
    )
    city = models.ForeignKey(
        City, null=True, blank=True, on_delete=models.PROTECT, related_name="offices"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="offices"
    )
    start = PartialDateField()
    end = PartialDateField()
    party = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-start", "person__name"]
        verbose_name = "office held"
        verbose_name_plural = "offices held"
        # One term per person, role, place and start. SQL never finds NULLs equal, so each
        # way of naming the place (a city, an organisation, or both) has its own rule; as
        # constraints, the bulk path checks them for a whole load in one query.
        constraints = [
            models.UniqueConstraint(
                fields=["person", "role", "city", "start"],
                condition=models.Q(organisation=None),
                name="office_term_unique_in_city",
                violation_error_message=SAME_TERM,
                violation_error_code="duplicate",
            ),
            models.UniqueConstraint(
                fields=["person", "role", "organisation", "start"],
                condition=models.Q(city=None),
                name="office_term_unique_in_organisation",
                violation_error_message=SAME_TERM,
                violation_error_code="duplicate",
            ),
            models.UniqueConstraint(
                fields=["person", "role", "city", "organisation", "start"],
                name="office_term_unique_in_city_and_organisation",
                violation_error_message=SAME_TERM,
                violation_error_code="duplicate",
            ),
        ]

    def __str__(self) -> str:
        where = self.city.name if self.city is not None else (self.organisation or "")
        return f"{self.person.name}, {self.get_role_display()} of {where}"

    @property
    def heading(self) -> str:
        """The office as people write it: its own title when that already names the place
        ("Mayor of Minneapolis"), else the title or role and the place ("Mayor of Paris")."""
        where = self.city.name if self.city is not None else str(self.organisation or "")
        title = self.title or self.get_role_display().capitalize()
        # Compared by name key: "Mayor of Reykjavik" already names Reykjavík.
        if not where or name_key(where) in name_key(title):
            return title
        return f"{title} of {where}" if self.city is not None else f"{title}, {where}"

    def clean(self) -> None:
        if not self.city_id and not self.organisation_id:
            raise ValidationError("Say which city or organisation the office belongs to.")
        if ends_before_start(self.start, self.end):
            raise ValidationError({"end": "A term cannot end before it starts."})
        # The same term twice is refused by the constraints of Meta (validate_constraints).
