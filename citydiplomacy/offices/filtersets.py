"""Filters for the lists of one's offices and of an office's members."""

import django_filters

from citydiplomacy.geo.filters import CityPickerFilter, CountryCodeFilter
from citydiplomacy.offices.models import Office, OfficeMembership, OfficeRole


class OfficeFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name")
    city = CityPickerFilter("city", label="City")
    country = CountryCodeFilter(field_name="city__country")
    sort = django_filters.OrderingFilter(fields=(("name", "name"),))

    class Meta:
        model = Office
        fields = ["q"]


class OfficeMembershipFilterSet(django_filters.FilterSet):
    office = django_filters.CharFilter(field_name="office__slug", label="Office (slug)")
    user = django_filters.CharFilter(
        field_name="user__username", lookup_expr="icontains", label="Username"
    )
    role = django_filters.ChoiceFilter(choices=OfficeRole.choices)
    sort = django_filters.OrderingFilter(fields=(("user__username", "user"), ("role", "role")))

    class Meta:
        model = OfficeMembership
        fields = ["role"]
