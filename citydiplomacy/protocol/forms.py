"""The protocol forms of the web UI; each `commit()` calls the protocol services."""

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.contacts.models import Contact
from citydiplomacy.core.editing import RecordForm, RemoteSelect
from citydiplomacy.geo.models import City
from citydiplomacy.offices.forms import OfficeRecordForm
from citydiplomacy.offices.models import Office
from citydiplomacy.protocol import services
from citydiplomacy.protocol.models import (
    VISIT_KINDS,
    DelegationMember,
    Gift,
    Participant,
    ProgrammeItem,
    RequesterKind,
    Visit,
    VisitStatus,
)

DAY = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class VisitForm(OfficeRecordForm):
    """Receive a visit request (its engagement's kind, title, dates, place and the request)."""

    kind = forms.ChoiceField(choices=[(k.value, k.label) for k in VISIT_KINDS])
    title = forms.CharField(max_length=300)
    starts_on = forms.DateField(widget=DAY, label="First day")
    ends_on = forms.DateField(widget=DAY, required=False, label="Last day")
    city = forms.ModelChoiceField(
        queryset=City.objects.all(), required=False, widget=RemoteSelect("city"), label="Place"
    )
    venue = forms.CharField(max_length=300, required=False)
    create_service = staticmethod(services.visit_request)
    update_service = staticmethod(services.visit_update)
    update_fields = (*services.VISIT_EDITABLE, *services.VISIT_ENGAGEMENT_FIELDS)
    engagement_fields = services.VISIT_ENGAGEMENT_FIELDS

    class Meta:
        model = Visit
        fields = ["office", *services.VISIT_EDITABLE]
        widgets = {"received_on": DAY}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["office", *self.engagement_fields])
        if self.instance.pk is not None:
            engagement = self.instance.engagement
            for name in self.engagement_fields:
                self.initial[name] = getattr(engagement, name)
        self.fields["received_on"].initial = timezone.localdate()
        self.fields["requester_kind"].initial = RequesterKind.EMBASSY

    def limit_choices(self, offices: QuerySet[Office]) -> None:
        contacts = Contact.objects.filter(office__in=offices)
        for name in ("requester_contact", "principal_contact"):
            self.fields[name].queryset = contacts  # type: ignore[attr-defined]

    def service_values(self) -> dict[str, Any]:
        values = super().service_values()
        for name in self.engagement_fields:
            values[name] = self.cleaned_data.get(name)
        if values.get("received_on") is None:
            values.pop("received_on", None)
        if self.instance.pk is not None:
            values.pop("office", None)
        return values


class StepForm(forms.Form):
    status = forms.ChoiceField(choices=VisitStatus.choices, label="Next step")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, visit: Visit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from citydiplomacy.protocol.models import NEXT_STEPS

        steps = NEXT_STEPS.get(visit.status, ())
        status_field: Any = self.fields["status"]
        status_field.choices = [(s, VisitStatus(s).label) for s in steps]
        self.initial["version"] = visit.version


class DebriefForm(forms.Form):
    debrief = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
    outcomes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Written to the engagement; follow-ups are added from the visit's page.",
    )
    agreements = forms.ModelMultipleChoiceField(
        queryset=Agreement.objects.none(),
        required=False,
        help_text="The agreements the visit concerned (of our city).",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, visit: Visit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        city = visit.office.city_id
        field: Any = self.fields["agreements"]
        field.queryset = Agreement.objects.filter(
            Q(city_a_id=city) | Q(city_b_id=city)
        ).select_related("city_a", "city_b")
        self.initial.setdefault("version", visit.version)
        self.initial.setdefault("agreements", list(visit.engagement.agreements.all()))


def _bind_parent(form: RecordForm, parent_field: str, parent: Any) -> None:
    """A child record's parent is fixed by the URL; the model's checks still see it."""
    field: Any = form.fields[parent_field]
    field.queryset = type(parent)._default_manager.filter(pk=parent.pk)
    field.disabled = True
    form.initial[parent_field] = parent.pk
    if form.instance.pk is None:
        setattr(form.instance, parent_field, parent)
        form.instance.office_id = parent.office_id


class DelegationMemberForm(RecordForm):
    create_service = staticmethod(services.delegation_member_create)
    update_service = staticmethod(services.delegation_member_update)
    update_fields = services.DELEGATE_EDITABLE

    class Meta:
        model = DelegationMember
        fields = ["visit", *services.DELEGATE_EDITABLE]

    def __init__(self, *args: Any, visit: Visit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bind_parent(self, "visit", visit)
        contact: Any = self.fields["contact"]
        contact.queryset = Contact.objects.filter(office_id=visit.office_id)
        self.fields["name"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("name") and not data.get("contact"):
            self.add_error("name", "Give the member's name or choose a contact.")
        return data


class ProgrammeItemForm(RecordForm):
    create_service = staticmethod(services.programme_item_create)
    update_service = staticmethod(services.programme_item_update)
    update_fields = services.ITEM_EDITABLE

    class Meta:
        model = ProgrammeItem
        fields = ["visit", *services.ITEM_EDITABLE]
        widgets = {"starts_at": MOMENT, "ends_at": MOMENT}

    def __init__(self, *args: Any, visit: Visit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bind_parent(self, "visit", visit)


class ParticipantForm(RecordForm):
    create_service = staticmethod(services.participant_create)
    update_service = staticmethod(services.participant_update)
    update_fields = services.PARTICIPANT_EDITABLE

    class Meta:
        model = Participant
        fields = ["item", *services.PARTICIPANT_EDITABLE]
        widgets = {"took_up_post_on": DAY}

    def __init__(self, *args: Any, item: ProgrammeItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bind_parent(self, "item", item)
        contact: Any = self.fields["contact"]
        contact.queryset = Contact.objects.filter(office_id=item.office_id)
        ranks = services.rules_of(item.office_id).ranks
        self.fields["rank"] = forms.ChoiceField(
            choices=[("", "(unknown)"), *[(r, r) for r in ranks]], required=False
        )


class GiftForm(OfficeRecordForm):
    create_service = staticmethod(services.gift_create)
    update_service = staticmethod(services.gift_update)
    update_fields = services.GIFT_EDITABLE

    class Meta:
        model = Gift
        fields = ["office", *services.GIFT_EDITABLE]
        widgets = {"given_on": DAY}

    def limit_choices(self, offices: QuerySet[Office]) -> None:
        from citydiplomacy.engagements.models import Engagement

        contacts = Contact.objects.filter(office__in=offices)
        for name in ("giver_contact", "recipient_contact"):
            self.fields[name].queryset = contacts  # type: ignore[attr-defined]
        visits: Any = self.fields["visit"]
        visits.queryset = Visit.objects.filter(office__in=offices).select_related("engagement")
        engagements: Any = self.fields["engagement"]
        engagements.queryset = Engagement.objects.filter(office__in=offices)

    def service_values(self) -> dict[str, Any]:
        values = super().service_values()
        if self.instance.pk is not None:
            values.pop("office", None)
        return values


class RulesForm(forms.Form):
    min_notice_days = forms.IntegerField(min_value=0, label="Minimum notice (days)")
    requester_kinds = forms.MultipleChoiceField(
        choices=RequesterKind.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    gift_threshold = forms.DecimalField(min_value=0, decimal_places=2)
    gift_currency = forms.CharField(max_length=3)
    ranks = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="One rank a line, highest first.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["ranks"] = [line.strip() for line in data["ranks"].splitlines() if line.strip()]
        data.pop("version", None)
        return data


class CalendarForm(forms.Form):
    action = forms.ChoiceField(choices=[("create", "create"), ("revoke", "revoke")])
    feed = forms.IntegerField(required=False)
