"""The person and office forms of the web UI."""

from typing import Any

from django import forms

from citydiplomacy.core.editing import RecordForm, RemoteSelect
from citydiplomacy.organisations.models import Organisation
from citydiplomacy.people.models import OfficeHeld, Person
from citydiplomacy.people.services import (
    OFFICE_EDITABLE,
    PERSON_EDITABLE,
    office_record,
    office_update,
    person_create,
    person_update,
)
from citydiplomacy.sources.citation_forms import CitationFormMixin


class PersonForm(CitationFormMixin, RecordForm):
    create_service = staticmethod(person_create)
    update_service = staticmethod(person_update)
    update_fields = PERSON_EDITABLE

    class Meta:
        model = Person
        fields = ["name", "wikidata_id", "born", "note"]


class OfficeForm(CitationFormMixin, RecordForm):
    person = forms.ModelChoiceField(
        queryset=Person.objects.all(), to_field_name="slug", widget=RemoteSelect("person")
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        required=False,
        widget=RemoteSelect("organisation"),
    )
    create_service = staticmethod(office_record)
    update_service = staticmethod(office_update)
    update_fields = OFFICE_EDITABLE

    class Meta:
        model = OfficeHeld
        fields = [
            "person",
            "role",
            "title",
            "city",
            "organisation",
            "start",
            "end",
            "party",
            "note",
        ]
        widgets = {"city": RemoteSelect("city")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            for name in ("person", "city", "organisation"):
                self.fields[name].disabled = True
            # These fields name people and organisations by slug, not by id.
            self.initial["person"] = self.instance.person.slug
            if self.instance.organisation is not None:
                self.initial["organisation"] = self.instance.organisation.slug
