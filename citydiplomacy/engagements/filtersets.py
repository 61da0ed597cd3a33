"""Filters for the engagement and follow-up lists (pages, timelines, API and exports).

They narrow querysets that `offices.visibility` has already limited to what the visitor may
see. Filters on office-only parts (contacts, staff) apply only to the visitor's own offices'
engagements, so they cannot be used to probe a public engagement's participants. The contact and
engagement pickers offer and accept only the visitor's offices' records: another office's id
is refused exactly as an id that names nothing.
"""

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.contacts.filters import ContactPickerFilter
from citydiplomacy.contacts.models import Contact
from citydiplomacy.core.pickers import PickerFilter
from citydiplomacy.engagements.filters import EngagementPickerFilter
from citydiplomacy.engagements.models import (
    PENDING,
    Engagement,
    EngagementKind,
    FollowUp,
    FollowUpStatus,
    Visibility,
)
from citydiplomacy.engagements.selectors import (
    with_partner_city,
    with_partner_country,
)
from citydiplomacy.geo.filters import CityPickerFilter
from citydiplomacy.geo.models import City
from citydiplomacy.organisations.models import Topic


class EngagementFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label="Title or summary")
    office = django_filters.CharFilter(field_name="office__slug", label="Office (slug)")
    kind = django_filters.ChoiceFilter(choices=EngagementKind.choices)
    topic = django_filters.ModelChoiceFilter(
        field_name="topics", queryset=Topic.objects.all(), to_field_name="slug"
    )
    partner_city = CityPickerFilter("cities", method="filter_partner_city", label="Partner city")
    partner_country = django_filters.CharFilter(
        method="filter_partner_country", label="Partner country (ISO code)"
    )
    city = CityPickerFilter("city", label="Held in (city)")
    organisation = django_filters.CharFilter(
        field_name="organisations__slug", label="Organisation (slug)"
    )
    agreement = PickerFilter(
        "agreement",
        noun="agreement",
        field_name="agreements",
        queryset=Agreement.objects.select_related("city_a", "city_b"),
        label="About the agreement",
    )
    date_from = django_filters.DateFilter(field_name="starts_on", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="starts_on", lookup_expr="lte")
    visibility = django_filters.ChoiceFilter(choices=Visibility.choices)
    contact = ContactPickerFilter(method="filter_contact", label="With the contact")
    staff = django_filters.CharFilter(method="filter_staff", label="Staff member (username)")
    sort = django_filters.OrderingFilter(
        fields=(("starts_on", "date"), ("title", "title"), ("kind", "kind")),
    )

    class Meta:
        model = Engagement
        fields = ["kind", "visibility"]

    def filter_text(self, qs: QuerySet[Engagement], name: str, value: str) -> QuerySet[Engagement]:
        text = value.strip()
        return qs.filter(Q(title__icontains=text) | Q(summary__icontains=text)) if text else qs

    def filter_partner_city(
        self, qs: QuerySet[Engagement], name: str, value: City
    ) -> QuerySet[Engagement]:
        return qs.filter(with_partner_city(value.pk))

    def filter_partner_country(
        self, qs: QuerySet[Engagement], name: str, value: str
    ) -> QuerySet[Engagement]:
        return qs.filter(with_partner_country(value)) if value.strip() else qs

    def filter_contact(
        self, qs: QuerySet[Engagement], name: str, value: Contact
    ) -> QuerySet[Engagement]:
        # The contact is one of the visitor's; member_view keeps the match to their offices'
        # engagements all the same, should another office's ever name it.
        return qs.filter(Q(member_view=True), contacts=value)

    def filter_staff(self, qs: QuerySet[Engagement], name: str, value: str) -> QuerySet[Engagement]:
        return qs.filter(Q(member_view=True), staff__username=value.strip())


class FollowUpFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="what", lookup_expr="icontains", label="What")
    office = django_filters.CharFilter(field_name="office__slug", label="Office (slug)")
    engagement = EngagementPickerFilter()
    status = django_filters.ChoiceFilter(choices=FollowUpStatus.choices)
    pending = django_filters.BooleanFilter(method="filter_pending", label="Open or in progress")
    owner = django_filters.CharFilter(field_name="owner__username", label="Owner (username)")
    mine = django_filters.BooleanFilter(method="filter_mine", label="Mine only")
    due_from = django_filters.DateFilter(field_name="due_on", lookup_expr="gte")
    due_to = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="Overdue")
    done_from = django_filters.DateFilter(field_name="done_on", lookup_expr="gte")
    done_to = django_filters.DateFilter(field_name="done_on", lookup_expr="lte")
    sort = django_filters.OrderingFilter(
        fields=(("due_on", "due"), ("status", "status"), ("what", "what")),
    )

    class Meta:
        model = FollowUp
        fields = ["status"]

    def filter_pending(
        self, qs: QuerySet[FollowUp], name: str, value: bool | None
    ) -> QuerySet[FollowUp]:
        if value is None:
            return qs
        return qs.filter(status__in=PENDING) if value else qs.exclude(status__in=PENDING)

    def filter_mine(
        self, qs: QuerySet[FollowUp], name: str, value: bool | None
    ) -> QuerySet[FollowUp]:
        user = getattr(self.request, "user", None)
        if not value:
            return qs
        return qs.filter(owner_id=user.pk) if user is not None and user.pk else qs.none()

    def filter_overdue(
        self, qs: QuerySet[FollowUp], name: str, value: bool | None
    ) -> QuerySet[FollowUp]:
        if value is None:
            return qs
        late = Q(status__in=PENDING, due_on__lt=timezone.localdate())
        return qs.filter(late) if value else qs.exclude(late)
