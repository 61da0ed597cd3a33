"""The organisation and membership forms of the web UI."""

from typing import Any

from django import forms

from citydiplomacy.core.editing import RecordForm, RemoteSelect
from citydiplomacy.organisations.models import Membership, Organisation
from citydiplomacy.organisations.services import (
    MEMBERSHIP_EDITABLE,
    ORGANISATION_EDITABLE,
    membership_record,
    membership_update,
    organisation_create,
    organisation_update,
)
from citydiplomacy.sources.citation_forms import CitationFormMixin


class OrganisationForm(CitationFormMixin, RecordForm):
    create_service = staticmethod(organisation_create)
    update_service = staticmethod(organisation_update)
    update_fields = (*ORGANISATION_EDITABLE, "themes")

    class Meta:
        model = Organisation
        fields = [
            "name",
            "acronym",
            "kind",
            "themes",
            "founded",
            "dissolved",
            "secretariat_city",
            "secretariat_country",
            "website",
            "wikidata_id",
            "description",
        ]
        widgets = {
            "secretariat_city": RemoteSelect("city"),
            "themes": forms.CheckboxSelectMultiple,
        }


class MembershipForm(CitationFormMixin, RecordForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        widget=RemoteSelect("organisation"),
    )
    create_service = staticmethod(membership_record)
    update_service = staticmethod(membership_update)
    update_fields = MEMBERSHIP_EDITABLE

    class Meta:
        model = Membership
        fields = ["city", "organisation", "role", "joined", "left", "note"]
        widgets = {"city": RemoteSelect("city")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["city"].disabled = True
            self.fields["organisation"].disabled = True
            # The field names organisations by slug; the instance's initial value is its id.
            self.initial["organisation"] = self.instance.organisation.slug
