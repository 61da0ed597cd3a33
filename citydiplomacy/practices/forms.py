"""Web forms of practices and adoptions; each commits through the practices services."""

from typing import Any, cast

from django import forms

from citydiplomacy.core.editing import RecordForm, RemoteSelect
from citydiplomacy.practices.models import Adoption, Practice
from citydiplomacy.practices.services import (
    ADOPTION_EDITABLE,
    PRACTICE_EDITABLE,
    adoption_record,
    adoption_update,
    practice_create,
    practice_update,
)
from citydiplomacy.sources.citation_forms import CitationFormMixin


class PracticeForm(CitationFormMixin, RecordForm):
    create_service = staticmethod(practice_create)
    update_service = staticmethod(practice_update)
    update_fields = ("title", "topics", *PRACTICE_EDITABLE)

    class Meta:
        model = Practice
        fields = ["slug", "title", "topics", *PRACTICE_EDITABLE]
        widgets = {
            "origin_city": RemoteSelect("city"),
            "origin_division": RemoteSelect("division"),
            "evidence_source": RemoteSelect("source"),
            "topics": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "slug": "The practice's address: lower-case words joined by hyphens.",
            "origin_city": "Where it started: a city, or a division below, not both.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["slug"].disabled = True  # links and citations point at it
        # A practice is not its own variant or predecessor.
        others = Practice.objects.exclude(pk=self.instance.pk).order_by("title")
        for name in ("variant_of", "successor_of"):
            cast(forms.ModelChoiceField, self.fields[name]).queryset = others  # type: ignore[type-arg]


class AdoptionForm(CitationFormMixin, RecordForm):
    """An adoption of the practice given as `practice`: by a city or by a division."""

    create_service = staticmethod(adoption_record)
    update_service = staticmethod(adoption_update)
    update_fields = ADOPTION_EDITABLE

    class Meta:
        model = Adoption
        fields = ["city", "division", *ADOPTION_EDITABLE]
        widgets = {
            "city": RemoteSelect("city"),
            "division": RemoteSelect("division"),
            "channel_organisation": RemoteSelect("organisation"),
        }
        help_texts = {
            "city": "The adopter: a city, or a division below, not both.",
            "adopted_on": "A year (2015), a month (2015-06) or a day; empty if unknown.",
        }

    def __init__(self, *args: Any, practice: Practice, **kwargs: Any) -> None:
        self.practice = practice
        super().__init__(*args, **kwargs)
        self.instance.practice = practice  # so the model's clean() sees the practice
        if self.instance.pk is not None:
            self.fields["city"].disabled = True
            self.fields["division"].disabled = True
        # Borrowed from another adopter of the same practice.
        earlier = practice.adoptions.exclude(pk=self.instance.pk)
        field = cast(forms.ModelChoiceField, self.fields["borrowed_from"])  # type: ignore[type-arg]
        field.queryset = earlier.select_related("city", "division")

    def service_values(self) -> dict[str, Any]:
        values = super().service_values()
        if self.instance.pk is None:
            values["practice"] = self.practice
        return values
