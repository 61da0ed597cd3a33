"""The contact and consular post forms of the web UI."""

from django import forms
from django.db.models import QuerySet

from citydiplomacy.contacts.models import ConsularPost, Contact
from citydiplomacy.contacts.services import (
    CONSULAR_POST_EDITABLE,
    CONTACT_EDITABLE,
    consular_post_create,
    consular_post_update,
    contact_create,
    contact_update,
)
from citydiplomacy.core.editing import RemoteSelect
from citydiplomacy.offices.forms import OfficeRecordForm
from citydiplomacy.offices.models import Office
from citydiplomacy.organisations.models import Organisation


class ContactForm(OfficeRecordForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        required=False,
        label="Registry organisation",
        widget=RemoteSelect("organisation"),
        help_text="When the organisation is in the registry.",
    )
    create_service = staticmethod(contact_create)
    update_service = staticmethod(contact_update)
    update_fields = CONTACT_EDITABLE

    class Meta:
        model = Contact
        fields = [
            "office",
            "name",
            "kind",
            "title",
            "organisation_name",
            "organisation",
            "city",
            "country",
            "languages",
            "email",
            "phone",
            "notes",
        ]
        widgets = {"city": RemoteSelect("city")}

    def limit_choices(self, offices: QuerySet[Office]) -> None:
        # The organisation is chosen by slug; an edit starts from the stored one's slug.
        if self.instance.pk is not None and self.instance.organisation is not None:
            self.initial["organisation"] = self.instance.organisation.slug


class ConsularPostForm(OfficeRecordForm):
    create_service = staticmethod(consular_post_create)
    update_service = staticmethod(consular_post_update)
    update_fields = CONSULAR_POST_EDITABLE

    class Meta:
        model = ConsularPost
        fields = ["office", "country", "kind", "holder", "holder_title", "since", "until", "note"]
        help_texts = {"since": "A year (2021), a month (2021-09) or a day (2021-09-01)."}

    def limit_choices(self, offices: QuerySet[Office]) -> None:
        holder = self.fields["holder"]
        holder.queryset = Contact.objects.filter(office__in=offices)  # type: ignore[attr-defined]
