"""Web forms of commitments, inventories and progress reports; each commits via services."""

from typing import Any

from django import forms

from citydiplomacy.commitments.models import Commitment, EmissionsInventory, ProgressReport
from citydiplomacy.commitments.services import (
    COMMITMENT_EDITABLE,
    INVENTORY_EDITABLE,
    PROGRESS_EDITABLE,
    commitment_record,
    commitment_update,
    inventory_record,
    inventory_update,
    progress_record,
    progress_update,
)
from citydiplomacy.core.editing import RecordForm, RemoteSelect
from citydiplomacy.organisations.models import Organisation
from citydiplomacy.sources.citation_forms import CitationFormMixin


class CommitmentForm(CitationFormMixin, RecordForm):
    create_service = staticmethod(commitment_record)
    update_service = staticmethod(commitment_update)
    update_fields = COMMITMENT_EDITABLE

    class Meta:
        model = Commitment
        fields = ["city", "organisation", *COMMITMENT_EDITABLE]
        widgets = {"city": RemoteSelect("city")}
        help_texts = {"made": "A year (2015), a month (2015-06) or a day; empty if unknown."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["city"].disabled = True
            self.fields["organisation"].disabled = True


class InventoryForm(CitationFormMixin, RecordForm):
    create_service = staticmethod(inventory_record)
    update_service = staticmethod(inventory_update)
    update_fields = INVENTORY_EDITABLE

    class Meta:
        model = EmissionsInventory
        fields = ["city", *INVENTORY_EDITABLE]
        widgets = {"city": RemoteSelect("city")}


class ProgressForm(CitationFormMixin, RecordForm):
    create_service = staticmethod(progress_record)
    update_service = staticmethod(progress_update)
    update_fields = PROGRESS_EDITABLE

    class Meta:
        model = ProgressReport
        fields = ["commitment", *PROGRESS_EDITABLE]


class WeightForm(forms.Form):
    """The coalition-weight page's choice: organisations, union or intersection, the year."""

    organisations = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.order_by("name"), to_field_name="slug", required=False
    )
    mode = forms.ChoiceField(
        choices=[("union", "members of any (union)"), ("intersection", "members of all")],
        initial="union",
        required=False,
    )
    as_of = forms.IntegerField(min_value=1900, max_value=2100, label="As of (year)")
    country = forms.CharField(required=False, max_length=2, help_text="ISO code, optional.")
    region = forms.CharField(required=False, max_length=30)
