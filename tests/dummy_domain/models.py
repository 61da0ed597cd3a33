from django.db import models

from citydiplomacy.offices.models import OfficeRecord


class FieldNote(OfficeRecord):
    """A note an office keeps; it may name a contact in its text."""

    title = models.CharField(max_length=200)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
