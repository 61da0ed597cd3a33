"""Forms of offices: the members page (admins add, re-role, remove) and office records' base."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from citydiplomacy.core.editing import RecordForm, RemoteSelect
from citydiplomacy.geo.models import City
from citydiplomacy.offices.models import Office, OfficeRole
from citydiplomacy.offices.visibility import writable_offices


class MemberAddForm(forms.Form):
    username = forms.CharField(max_length=150)
    role = forms.ChoiceField(choices=OfficeRole.choices, initial=OfficeRole.VIEWER)

    def clean_username(self) -> Any:
        return self.clean_username_value(self.cleaned_data["username"])

    @staticmethod
    def clean_username_value(value: str) -> Any:
        username = value.strip()
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise forms.ValidationError(
                f"No user {username!r}: create the account first (citydiplomacy createuser)."
            )
        return user


class OfficeFoundForm(forms.Form):
    """A site administrator's form: the new office and its first admin."""

    name = forms.CharField(max_length=300, label="Name of the office")
    slug = forms.SlugField(max_length=100, label="Short name (in its address)")
    city = forms.ModelChoiceField(
        queryset=City.objects.select_related("country"),
        label="The office's city",
        widget=RemoteSelect("city"),
    )
    admin = forms.CharField(max_length=150, label="First admin (username)")
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_admin(self) -> Any:
        return MemberAddForm.clean_username_value(self.cleaned_data["admin"])


class DormancyForm(forms.Form):
    months = forms.IntegerField(
        min_value=1, max_value=240, label="Dormant after (months without an engagement)"
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class MemberChangeForm(forms.Form):
    role = forms.ChoiceField(choices=OfficeRole.choices, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)
    remove = forms.BooleanField(required=False)


class OfficeRecordForm(RecordForm):
    """A RecordForm for an office's record: its office is one where the user may write.

    The office is chosen when the record is created and fixed afterwards; choices that depend
    on the office (contacts, staff) are limited to the user's offices by `limit_choices`.
    """

    office = forms.ModelChoiceField(queryset=Office.objects.none(), to_field_name="slug")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        office_field = self.fields["office"]
        if self.instance.pk is not None:
            offices = Office.objects.filter(pk=self.instance.office_id)
            office_field.disabled = True
            self.initial["office"] = self.instance.office.slug
        else:
            offices = writable_offices(user)
            if not self.initial.get("office") and len(offices) == 1:
                self.initial["office"] = offices[0].slug
        office_field.queryset = offices  # type: ignore[attr-defined]
        self.limit_choices(offices)

    def limit_choices(self, offices: QuerySet[Office]) -> None:
        """Narrow office-dependent choices to `offices` (the record's, when it exists)."""
