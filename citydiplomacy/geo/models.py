"""Countries with their UN M49 regions, and cities from the GeoNames gazetteer."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from citydiplomacy.core.history.models import VersionedModel
from citydiplomacy.sources.models import Source

wikidata_validator = RegexValidator(r"^Q[1-9]\d*$", "A Wikidata id looks like Q60.")


# GeoNames' feature codes of a part of a city: "section of populated place".
SECTION_FEATURE_CODES = ("PPLX",)
# Provisional places (names no gazetteer city matched yet) take ids from here up: GeoNames'
# ids are far below (about 13 million in 2026), so every foreign key to a city works as is.
PROVISIONAL_ID_START = 1_000_000_000


class Region(models.TextChoices):
    """The six major areas the UN uses for world urbanisation statistics (built on M49)."""

    AFRICA = "africa", "Africa"
    ASIA = "asia", "Asia"
    EUROPE = "europe", "Europe"
    LATIN_AMERICA = "latin-america-caribbean", "Latin America and the Caribbean"
    NORTHERN_AMERICA = "northern-america", "Northern America"
    OCEANIA = "oceania", "Oceania"


class Country(models.Model):
    iso2 = models.CharField(max_length=2, primary_key=True, verbose_name="ISO 3166 alpha-2")
    iso3 = models.CharField(max_length=3, blank=True, verbose_name="ISO 3166 alpha-3")
    m49 = models.CharField(max_length=3, blank=True, verbose_name="UN M49 code")
    name = models.CharField(max_length=100)
    official_name = models.CharField(max_length=200, blank=True)
    region = models.CharField(max_length=30, choices=Region.choices, blank=True)
    subregion = models.CharField(max_length=60, blank=True, verbose_name="M49 sub-region")
    population = models.PositiveBigIntegerField(null=True, blank=True)
    capital = models.CharField(max_length=100, blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name


class City(VersionedModel):
    """A populated place from GeoNames; its GeoNames id is its primary key."""

    geonames_id = models.PositiveIntegerField(primary_key=True, verbose_name="GeoNames id")
    wikidata_id = models.CharField(
        max_length=20, blank=True, validators=[wikidata_validator], verbose_name="Wikidata id"
    )
    name = models.CharField(max_length=200, db_index=True)
    ascii_name = models.CharField(max_length=200)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="cities")
    admin1_code = models.CharField(max_length=20, blank=True, verbose_name="first-level division")
    admin1_name = models.CharField(max_length=200, blank=True)
    latitude = models.FloatField(validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(validators=[MinValueValidator(-180), MaxValueValidator(180)])
    population = models.PositiveBigIntegerField(default=0, db_index=True)
    timezone = models.CharField(max_length=40, blank=True)
    feature_code = models.CharField(
        max_length=10,
        blank=True,
        help_text="GeoNames' feature code (PPLC capital, PPLX section of a populated place); "
        "blank where the gazetteer's file does not give it.",
    )
    part_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sections",
        help_text="The city this place is a part of (an arrondissement of Paris, a borough).",
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    provisional = models.BooleanField(
        default=False,
        db_index=True,
        help_text="Not yet matched: a place a source names that no gazetteer city matched "
        "(or several did); kept with the name as written until a person settles it.",
    )

    class Meta:
        ordering = ["-population", "name"]
        verbose_name_plural = "cities"
        constraints = [
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~models.Q(wikidata_id=""),
                name="city_wikidata_id_unique",
                violation_error_message="Another city already has this Wikidata id.",
                violation_error_code="duplicate",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.country_id}"

    @property
    def is_section(self) -> bool:
        """A part of a city (arrondissement, borough, district), not a city of its own."""
        return self.part_of_id is not None or self.feature_code in SECTION_FEATURE_CODES

    @property
    def label(self) -> str:
        """Name, division and country: what tells namesakes apart (load `country` with it).
        GeoNames gives division names only for some countries here; codes alone mean little."""
        division = f"{self.admin1_name}, " if self.admin1_name else ""
        return f"{self.name}, {division}{self.country.name}"


class CityName(models.Model):
    """One spelling of a city's name (its name, ASCII name or an alternate name) and its key."""

    class Kind(models.TextChoices):
        NAME = "name", "name"
        ASCII = "ascii", "ASCII name"
        ALTERNATE = "alternate", "alternate name"

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, db_index=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    languages = models.CharField(
        max_length=200,
        blank=True,
        help_text="The languages GeoNames' alternate names table gives this spelling in "
        "(ISO 639 codes, comma-separated); blank where it is not known.",
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["city", "key"], name="city_name_key_once")]

    def __str__(self) -> str:
        return self.name


class PopulationFigure(models.Model):
    """One population figure of a city for one year, from one source (a series per city)."""

    class Kind(models.TextChoices):
        AGGLOMERATION = "agglomeration", "urban agglomeration"
        CITY_PROPER = "city-proper", "city proper"

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="population_figures")
    year = models.PositiveSmallIntegerField()
    population = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=15, choices=Kind.choices)
    projected = models.BooleanField(default=False, help_text="A projection, not an estimate.")
    area_name = models.CharField(
        max_length=200, blank=True, help_text="The area as the source names it."
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    locator = models.CharField(max_length=200, blank=True)
    import_run = models.ForeignKey(
        "runs.Run", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["city", "kind", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "kind", "year", "source"], name="population_figure_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.city_id} {self.year}: {self.population:,} ({self.get_kind_display()})"


class Division(models.Model):
    """A first-level subdivision of a country (state, province, region), from ISO 3166-2.

    Policies travel between states and regions as much as between cities, so a division can
    be a jurisdiction of its own. Loaded by `geo.divisions` from `pycountry`.
    """

    code = models.CharField(max_length=10, primary_key=True, verbose_name="ISO 3166-2 code")
    name = models.CharField(max_length=200, db_index=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="divisions")
    kind = models.CharField(max_length=80, blank=True, help_text="State, Province, Region...")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["country_id", "name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.country_id}"

    @property
    def local_code(self) -> str:
        """The part after the country: 'CA' of 'US-CA' (GeoNames' admin1 code for the US)."""
        return self.code.split("-", 1)[1]


class ReviewReason(models.TextChoices):
    UNMATCHED = "unmatched", "no city of that name"
    AMBIGUOUS = "ambiguous", "several candidates"
    TOO_FAR = "too-far", "too far from the source's point"
    NOT_A_CITY = "not-a-city", "the name says it is not a city"


class ReviewState(models.TextChoices):
    OPEN = "open", "open"
    SETTLED = "settled", "settled"


class ProvisionalPlace(VersionedModel):
    """What the review queue knows of a provisional place: the source's words and the
    resolver's candidates. Deleted with its place when a person picks a gazetteer city."""

    city = models.OneToOneField(
        City, primary_key=True, on_delete=models.CASCADE, related_name="review"
    )
    written_name = models.CharField(max_length=200, help_text="The name as the source wrote it.")
    written_country = models.CharField(max_length=100, blank=True)
    name_key = models.CharField(max_length=200, db_index=True)
    latitude = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    approximate_point = models.BooleanField(
        default=False,
        help_text="The source gives no point: the place is shown at its country's capital "
        "(or its biggest city) until settled.",
    )
    reason = models.CharField(max_length=12, choices=ReviewReason.choices)
    note = models.TextField(blank=True, help_text="What the resolver said.")
    candidates = models.JSONField(
        default=list,
        blank=True,
        help_text="The gazetteer places the name could mean, with their distance in km to "
        "the source's point when it gives one.",
    )
    import_run = models.ForeignKey(
        "runs.Run", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=10, choices=ReviewState.choices, default="open")

    class Meta:
        ordering = ["written_name", "city_id"]
        verbose_name = "provisional place"

    def __str__(self) -> str:
        return f"{self.written_name}, {self.written_country} (not yet matched)"

    def clean(self) -> None:
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError("Give both coordinates of the source's point, or neither.")


class SettledName(VersionedModel):
    """A person's decision on a name in a country: the city it means (a GeoNames city or a
    place confirmed as new), read by the resolver like the overrides file."""

    name_key = models.CharField(max_length=200)
    country = models.CharField(max_length=2, blank=True, help_text="ISO alpha-2; blank: any.")
    written_name = models.CharField(max_length=200)
    geonames_id = models.PositiveIntegerField(
        verbose_name="GeoNames id", help_text="The city meant (a confirmed place's own id)."
    )
    confirmed_new = models.BooleanField(
        default=False, help_text="Confirmed as a place the gazetteer does not have."
    )

    class Meta:
        ordering = ["name_key", "country"]
        constraints = [
            models.UniqueConstraint(
                fields=["name_key", "country"],
                name="settled_name_once",
                violation_error_message="This name is already settled in this country.",
                violation_error_code="duplicate",
            )
        ]

    def __str__(self) -> str:
        return f"{self.written_name} ({self.country or 'any country'}) -> {self.geonames_id}"
