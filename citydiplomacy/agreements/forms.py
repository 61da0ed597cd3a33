"""The agreement form of the web UI."""

from typing import Any

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.agreements.services import (
    AGREEMENT_EDITABLE,
    agreement_record,
    agreement_update,
)
from citydiplomacy.core.editing import RecordForm, RemoteSelect
from citydiplomacy.sources.citation_forms import CitationFormMixin


class AgreementForm(CitationFormMixin, RecordForm):
    create_service = staticmethod(agreement_record)
    update_service = staticmethod(agreement_update)
    update_fields = AGREEMENT_EDITABLE

    class Meta:
        model = Agreement
        fields = ["city_a", "city_b", "kind", "signed", "ended", "status", "title", "note"]
        widgets = {"city_a": RemoteSelect("city"), "city_b": RemoteSelect("city")}
        labels = {"city_a": "City", "city_b": "Partner city"}
        help_texts = {
            "signed": "A year (1960), a month (1960-02) or a day (1960-02-29); empty if unknown.",
            "ended": "Only for agreements that ended.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # The two cities are what the agreement is; a different pair is another agreement.
            self.fields["city_a"].disabled = True
            self.fields["city_b"].disabled = True
