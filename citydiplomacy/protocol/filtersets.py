"""Filters of the visit list, the gifts register and the programme (pages, API, CSV export).

They narrow querysets that `offices.visibility` already limited to the visitor's offices.
The contact and engagement pickers offer and accept only the visitor's offices' records:
another office's id is refused with the words an id that names nothing gets.
"""

from typing import Any

import django_filters
from django.db.models import Q, QuerySet

from citydiplomacy.contacts.filters import ContactPickerFilter
from citydiplomacy.contacts.models import Contact
from citydiplomacy.engagements.filters import EngagementPickerFilter
from citydiplomacy.engagements.selectors import (
    with_partner_city,
    with_partner_country,
)
from citydiplomacy.geo.filters import CityPickerFilter
from citydiplomacy.geo.models import City
from citydiplomacy.protocol.models import (
    DelegationMember,
    Disposition,
    Gift,
    GiftDirection,
    Participant,
    ProgrammeItem,
    RequesterKind,
    SecurityLevel,
    Side,
    Visit,
    VisitStatus,
)


class VisitFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label="Title, principal or requester")
    office = django_filters.CharFilter(field_name="office__slug", label="Office (slug)")
    status = django_filters.ChoiceFilter(choices=VisitStatus.choices)
    requester_kind = django_filters.ChoiceFilter(choices=RequesterKind.choices)
    security_level = django_filters.ChoiceFilter(choices=SecurityLevel.choices)
    date_from = django_filters.DateFilter(field_name="engagement__starts_on", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="engagement__starts_on", lookup_expr="lte")
    received_from = django_filters.DateFilter(field_name="received_on", lookup_expr="gte")
    received_to = django_filters.DateFilter(field_name="received_on", lookup_expr="lte")
    partner_city = CityPickerFilter(
        "engagement__cities", method="filter_partner_city", label="Partner city"
    )
    partner_country = django_filters.CharFilter(method="filter_partner_country")
    contact = ContactPickerFilter(method="filter_contact", label="With the contact")
    engagement = EngagementPickerFilter()
    requester_organisation = django_filters.CharFilter(
        field_name="requester_organisation__slug", label="Requester organisation (slug)"
    )
    language = django_filters.CharFilter(field_name="languages", lookup_expr="icontains")
    interpreter = django_filters.BooleanFilter()
    press = django_filters.BooleanFilter()
    photographer = django_filters.BooleanFilter()
    sort = django_filters.OrderingFilter(
        fields=(
            ("engagement__starts_on", "date"),
            ("received_on", "received"),
            ("status", "status"),
        )
    )

    class Meta:
        model = Visit
        fields = ["status"]

    def filter_text(self, qs: QuerySet[Visit], name: str, value: str) -> QuerySet[Visit]:
        text = value.strip()
        if not text:
            return qs
        return qs.filter(
            Q(engagement__title__icontains=text)
            | Q(principal__icontains=text)
            | Q(requester_name__icontains=text)
        )

    def filter_partner_city(self, qs: QuerySet[Visit], name: str, value: City) -> QuerySet[Visit]:
        return qs.filter(engagement__in=_engagements(with_partner_city(value.pk)))

    def filter_partner_country(self, qs: QuerySet[Visit], name: str, value: str) -> QuerySet[Visit]:
        return qs.filter(engagement__in=_engagements(with_partner_country(value.strip().upper())))

    def filter_contact(self, qs: QuerySet[Visit], name: str, value: Contact) -> QuerySet[Visit]:
        return qs.filter(
            Q(requester_contact=value) | Q(principal_contact=value) | Q(delegation__contact=value)
        ).distinct()


def _engagements(condition: Q) -> Any:
    from citydiplomacy.engagements.models import Engagement

    return Engagement.objects.filter(condition).values("pk")


class GiftFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label="Description, giver or recipient")
    office = django_filters.CharFilter(field_name="office__slug", label="Office (slug)")
    direction = django_filters.ChoiceFilter(choices=GiftDirection.choices)
    disposition = django_filters.ChoiceFilter(choices=Disposition.choices)
    declared = django_filters.BooleanFilter()
    year = django_filters.NumberFilter(field_name="given_on__year", min_value=1, max_value=9999)
    date_from = django_filters.DateFilter(field_name="given_on", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="given_on", lookup_expr="lte")
    currency = django_filters.CharFilter(field_name="currency", lookup_expr="iexact")
    min_value = django_filters.NumberFilter(field_name="value", lookup_expr="gte")
    max_value = django_filters.NumberFilter(field_name="value", lookup_expr="lte")
    visit = django_filters.NumberFilter(field_name="visit_id")
    engagement = EngagementPickerFilter()
    contact = ContactPickerFilter(method="filter_contact", label="With the contact")
    sort = django_filters.OrderingFilter(
        fields=(("given_on", "date"), ("value", "value"), ("direction", "direction"))
    )

    class Meta:
        model = Gift
        fields = ["direction", "disposition", "declared"]

    def filter_text(self, qs: QuerySet[Gift], name: str, value: str) -> QuerySet[Gift]:
        text = value.strip()
        if not text:
            return qs
        return qs.filter(
            Q(description__icontains=text) | Q(giver__icontains=text) | Q(recipient__icontains=text)
        )

    def filter_contact(self, qs: QuerySet[Gift], name: str, value: Contact) -> QuerySet[Gift]:
        return qs.filter(Q(giver_contact=value) | Q(recipient_contact=value))


class ProgrammeItemFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label="Title or hosts")
    visit = django_filters.NumberFilter(field_name="visit_id")
    place = django_filters.CharFilter(lookup_expr="icontains")
    office = django_filters.CharFilter(field_name="office__slug")
    since = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    until = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="lte")
    sort = django_filters.OrderingFilter(fields=(("starts_at", "start"), ("title", "title")))

    class Meta:
        model = ProgrammeItem
        fields = ["visit"]

    def filter_text(
        self, qs: QuerySet[ProgrammeItem], name: str, value: str
    ) -> QuerySet[ProgrammeItem]:
        text = value.strip()
        return qs.filter(Q(title__icontains=text) | Q(hosts__icontains=text)) if text else qs


class DelegationMemberFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label="Name, title or bio")
    visit = django_filters.NumberFilter(field_name="visit_id")
    head = django_filters.BooleanFilter()
    office = django_filters.CharFilter(field_name="office__slug")
    contact = ContactPickerFilter(field_name="contact", label="Contact")
    sort = django_filters.OrderingFilter(fields=(("name", "name"),))

    class Meta:
        model = DelegationMember
        fields = ["visit"]

    def filter_text(
        self, qs: QuerySet[DelegationMember], name: str, value: str
    ) -> QuerySet[DelegationMember]:
        text = value.strip()
        if not text:
            return qs
        return qs.filter(
            Q(name__icontains=text) | Q(title__icontains=text) | Q(bio__icontains=text)
        )


class ParticipantFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label="Name or title")
    item = django_filters.NumberFilter(field_name="item_id")
    rank = django_filters.CharFilter(lookup_expr="iexact")
    head_of_mission = django_filters.BooleanFilter()
    overridden = django_filters.BooleanFilter(
        field_name="position", lookup_expr="isnull", exclude=True, label="Placed by hand"
    )
    office = django_filters.CharFilter(field_name="office__slug")
    side = django_filters.ChoiceFilter(choices=Side.choices)
    contact = ContactPickerFilter(field_name="contact", label="Contact")
    sort = django_filters.OrderingFilter(fields=(("name", "name"), ("rank", "rank")))

    class Meta:
        model = Participant
        fields = ["item"]

    def filter_text(
        self, qs: QuerySet[Participant], name: str, value: str
    ) -> QuerySet[Participant]:
        text = value.strip()
        return qs.filter(Q(name__icontains=text) | Q(title__icontains=text)) if text else qs
