"""Filters for the agreement list (page and API)."""

import django_filters
from django.db.models import Q, QuerySet

from citydiplomacy.agreements.models import Agreement, AgreementKind, AgreementStatus
from citydiplomacy.geo.filters import (
    CityPickerFilter,
    CountryCodesFilter,
    YearFromFilter,
    YearToFilter,
    cities_named,
)
from citydiplomacy.geo.models import City, Region


class AgreementFilterSet(django_filters.FilterSet):
    city = CityPickerFilter("city", method="filter_city", label="City (either side)")
    city_name = django_filters.CharFilter(
        method="filter_city_name", label="City name (either side, any spelling)"
    )
    country = CountryCodesFilter(
        method="filter_country",
        label="Country (ISO code; two codes: ties between those two countries)",
    )
    region = django_filters.MultipleChoiceFilter(
        method="filter_region", choices=Region.choices, label="Region (either side)"
    )
    kind = django_filters.MultipleChoiceFilter(choices=AgreementKind.choices, label="Kind")
    status = django_filters.MultipleChoiceFilter(choices=AgreementStatus.choices, label="Status")
    signed_from = YearFromFilter("signed", label="Signed from (year)")
    signed_to = YearToFilter("signed", label="Signed until (year)")
    ended_from = YearFromFilter("ended", label="Ended from (year)")
    ended_to = YearToFilter("ended", label="Ended until (year)")
    source = django_filters.CharFilter(
        field_name="citations__source__key", distinct=True, label="Source (key)"
    )
    title = django_filters.CharFilter(lookup_expr="icontains", label="Title contains")
    one_sided = django_filters.BooleanFilter(
        field_name="stated_only_by",
        lookup_expr="isnull",
        exclude=True,
        label="Stated on one side only",
    )
    via_district = django_filters.BooleanFilter(
        label="Named through a district or borough of the city"
    )
    sort = django_filters.OrderingFilter(
        fields=(
            ("city_a__name", "city_a"),
            ("city_b__name", "city_b"),
            ("signed", "signed"),
            ("kind", "kind"),
            ("status", "status"),
        ),
        label="Sort by",
    )

    class Meta:
        model = Agreement
        fields = ["kind", "status"]

    def filter_city(self, qs: QuerySet[Agreement], name: str, value: City) -> QuerySet[Agreement]:
        return qs.filter(Q(city_a_id=value.pk) | Q(city_b_id=value.pk))

    def filter_city_name(
        self, qs: QuerySet[Agreement], name: str, value: str
    ) -> QuerySet[Agreement]:
        if not value.strip():
            return qs
        ids = cities_named(value)
        return qs.filter(Q(city_a_id__in=ids) | Q(city_b_id__in=ids))

    def filter_country(
        self, qs: QuerySet[Agreement], name: str, value: list[str]
    ) -> QuerySet[Agreement]:
        """One country: ties with a city in it. Two: ties between a city of one and a city
        of the other (US and JP: the American-Japanese ties; US twice: ties within the US)."""
        if len(value) == 1:
            return qs.filter(Q(city_a__country_id=value[0]) | Q(city_b__country_id=value[0]))
        first, second = value
        return qs.filter(
            Q(city_a__country_id=first, city_b__country_id=second)
            | Q(city_a__country_id=second, city_b__country_id=first)
        )

    def filter_region(
        self, qs: QuerySet[Agreement], name: str, value: list[str]
    ) -> QuerySet[Agreement]:
        if not value:
            return qs
        return qs.filter(
            Q(city_a__country__region__in=value) | Q(city_b__country__region__in=value)
        )
