"""Filters for the people and office lists (pages and API)."""

import django_filters
from django.db.models import QuerySet

from citydiplomacy.core.pickers import PickerFilter
from citydiplomacy.geo.filters import (
    CityPickerFilter,
    CountryCodeFilter,
    YearFromFilter,
    YearToFilter,
)
from citydiplomacy.people.models import OfficeHeld, OfficeRole, Person


class PersonFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name")
    city = CityPickerFilter("offices__city", distinct=True, label="Held an office in")
    country = CountryCodeFilter(field_name="offices__city__country", distinct=True)
    role = django_filters.ChoiceFilter(
        field_name="offices__role", choices=OfficeRole.choices, distinct=True
    )
    party = django_filters.CharFilter(
        field_name="offices__party", lookup_expr="icontains", distinct=True
    )
    organisation = django_filters.CharFilter(
        field_name="offices__organisation__slug", distinct=True
    )
    wikidata_id = django_filters.CharFilter()
    born_from = YearFromFilter("born")
    born_to = YearToFilter("born")
    sort = django_filters.OrderingFilter(fields=(("name", "name"), ("born", "born")))

    class Meta:
        model = Person
        fields = ["q", "city", "role", "party"]


class OfficeHeldFilterSet(django_filters.FilterSet):
    person = PickerFilter(
        "person",
        noun="person",
        key="slug",
        field_name="person",
        to_field_name="slug",
        queryset=Person.objects.all(),
        label="Person",
    )
    city = CityPickerFilter("city", label="City")
    organisation = django_filters.CharFilter(field_name="organisation__slug")
    role = django_filters.ChoiceFilter(choices=OfficeRole.choices)
    party = django_filters.CharFilter(lookup_expr="icontains")
    title = django_filters.CharFilter(lookup_expr="icontains")
    start_from = YearFromFilter("start")
    start_to = YearToFilter("start")
    end_from = YearFromFilter("end")
    end_to = YearToFilter("end")
    in_office = django_filters.BooleanFilter(method="filter_in_office", label="Still in office")
    sort = django_filters.OrderingFilter(
        fields=(("start", "start"), ("end", "end"), ("person__name", "person"))
    )

    class Meta:
        model = OfficeHeld
        fields = ["person", "city", "organisation", "role"]

    def filter_in_office(
        self, qs: QuerySet[OfficeHeld], name: str, value: bool | None
    ) -> QuerySet[OfficeHeld]:
        if value is None:
            return qs
        return qs.filter(end="") if value else qs.exclude(end="")
