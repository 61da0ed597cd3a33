"""The engagement and follow-up forms of the web UI."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.contacts.models import Contact
from citydiplomacy.core.editing import RecordForm, RemoteSelect, RemoteSelectMultiple
from citydiplomacy.engagements.models import Engagement, FollowUp
from citydiplomacy.engagements.services import (
    ENGAGEMENT_EDITABLE,
    ENGAGEMENT_RELATIONS,
    FOLLOW_UP_EDITABLE,
    engagement_create,
    engagement_update,
    follow_up_create,
    follow_up_update,
)
from citydiplomacy.offices.forms import OfficeRecordForm
from citydiplomacy.offices.models import Office
from citydiplomacy.organisations.models import Organisation

DAY = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EngagementForm(OfficeRecordForm):
    organisations = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        required=False,
        widget=RemoteSelectMultiple("organisation"),
    )
    create_service = staticmethod(engagement_create)
    update_service = staticmethod(engagement_update)
    update_fields = (*ENGAGEMENT_EDITABLE, *ENGAGEMENT_RELATIONS)

    class Meta:
        model = Engagement
        fields = [
            "office",
            "kind",
            "title",
            "starts_on",
            "ends_on",
            "city",
            "venue",
            "contacts",
            "staff",
            "cities",
            "countries",
            "organisations",
            "agreements",
            "topics",
            "summary",
            "outcomes",
            "visibility",
        ]
        widgets = {
            "starts_on": DAY,
            "ends_on": DAY,
            "city": RemoteSelect("city"),
            "cities": RemoteSelectMultiple("city"),
            "contacts": RemoteSelectMultiple("contact"),
            "staff": forms.CheckboxSelectMultiple,
            "topics": forms.CheckboxSelectMultiple,
        }
        labels = {"city": "Place (city)", "contacts": "Participants (contacts)"}
        help_texts = {
            "visibility": "Public engagements show their kind, dates, place, partners, topics, "
            "agreements, summary and outcomes to everyone; never participants or follow-ups.",
        }

    def limit_choices(self, offices: QuerySet[Office]) -> None:
        members = get_user_model().objects.filter(office_memberships__office__in=offices)
        cities = offices.values("city_id")
        choices: dict[str, QuerySet[Any]] = {
            "staff": members.distinct().order_by("username"),
            "contacts": Contact.objects.filter(office__in=offices),
            # The agreements of the office's own city are the ones its engagements concern.
            "agreements": Agreement.objects.filter(
                Q(city_a__in=cities) | Q(city_b__in=cities)
            ).select_related("city_a", "city_b"),
        }
        for name, queryset in choices.items():
            self.fields[name].queryset = queryset  # type: ignore[attr-defined]


class FollowUpForm(RecordForm):
    create_service = staticmethod(follow_up_create)
    update_service = staticmethod(follow_up_update)
    update_fields = FOLLOW_UP_EDITABLE

    class Meta:
        model = FollowUp
        fields = ["engagement", "what", "owner", "due_on", "status", "done_on"]
        widgets = {"due_on": DAY, "done_on": DAY}
        help_texts = {"done_on": "Set when the status is done; today when left empty."}

    def __init__(self, *args: Any, engagement: Engagement, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["engagement"]
        field.queryset = Engagement.objects.filter(pk=engagement.pk)  # type: ignore[attr-defined]
        field.disabled = True
        self.initial["engagement"] = engagement.pk
        if self.instance.pk is None:
            self.initial.setdefault("owner", user.pk)
            # The model's own checks (run by the form) compare the office with the engagement's.
            self.instance.office_id = engagement.office_id
        owner = self.fields["owner"]
        members = get_user_model().objects.filter(
            office_memberships__office_id=engagement.office_id
        )
        owner.queryset = members.order_by("username")  # type: ignore[attr-defined]
