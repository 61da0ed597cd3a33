"""Where facts come from: sources (documents, datasets) and citations of them by records."""

from typing import ClassVar

from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models

from citydiplomacy.core.history.models import VersionedModel
from citydiplomacy.core.partial_dates import PartialDateField

key_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9._-]*$",
    "Use lower-case letters, digits, dots, hyphens and underscores, e.g. geonames-cities15000.",
)


class SourceKind(models.TextChoices):
    DOCUMENT = "document", "document (article, book, report, paper)"
    DATASET = "dataset", "dataset"
    WEBSITE = "website", "web page"
    DATABASE = "database", "database (Wikidata, GeoNames...)"
    ENTRY = "entry", "entered by a user"


class Source(VersionedModel):
    """A document or dataset that facts in the registry come from."""

    key = models.SlugField(
        max_length=120,
        unique=True,
        validators=[key_validator],
        help_text="A short stable identifier, used by imports and the API.",
    )
    title = models.CharField(max_length=500)
    kind = models.CharField(max_length=10, choices=SourceKind.choices)
    author = models.CharField(max_length=300, blank=True, help_text="Author or publisher.")
    published = PartialDateField(help_text="Publication or release date (year, month or day).")
    url = models.URLField(max_length=500, blank=True)
    file_name = models.CharField(max_length=300, blank=True, help_text="The file it was read from.")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Citation(models.Model):
    """A record's reference to a source, with where in the source the fact stands."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    # Every cited model has an integer primary key, so joins stay type-correct on PostgreSQL.
    object_id = models.PositiveBigIntegerField()
    cited = GenericForeignKey("content_type", "object_id")
    page = models.CharField(max_length=50, blank=True, help_text="Page or section.")
    locator = models.CharField(
        max_length=200, blank=True, help_text="Row, record id or anchor within a dataset."
    )
    quote = models.TextField(blank=True, help_text="The passage that states the fact.")
    as_written = models.CharField(
        max_length=300,
        blank=True,
        help_text="The names as the source wrote them (e.g. 'Steglitz-Zehlendorf (Berlin)').",
    )
    import_run = models.ForeignKey(
        "runs.Run", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["source__title", "page", "locator"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "content_type", "object_id", "page", "locator"],
                name="citation_once_per_place",
            )
        ]

    def __str__(self) -> str:
        where = ", ".join(part for part in (self.page and f"p. {self.page}", self.locator) if part)
        return f"{self.source.key} ({where})" if where else self.source.key

    # The history's snapshot loads what the label names with the citations themselves.
    history_label_needs: ClassVar[tuple[str, ...]] = ("source",)

    def history_label(self) -> str:
        return str(self)


class CitedModel(VersionedModel):
    """A versioned record whose facts cite one or more sources."""

    citations = GenericRelation(Citation)

    history_related: ClassVar[tuple[str, ...]] = ("citations",)
    # The URL name of the list whose `source` filter lists this model's records citing a
    # source (the source page links its counts there); empty when there is none.
    source_list_url: ClassVar[str] = ""

    class Meta:
        abstract = True
