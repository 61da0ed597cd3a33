"""Filters for the agreement list (page and API)."""

import django_filters
from django.db.models import Q, QuerySet

from citydiplomacy.agreements.models import Agreement, AgreementKind, AgreementStatus
from citydiplomacy.geo.filters import YearFromFilter, YearToFilter, cities_named
from citydiplomacy.geo.models import Region


class AgreementFilterSet(django_filters.FilterSet):
    city = django_filters.NumberFilter(
        method="filter_city", label="City (GeoNames id, either side)"
    )
    city_name = django_filters.CharFilter(
        method="filter_city_name", label="City name (either side)"
    )
    country = django_filters.CharFilter(
        method="filter_country", label="Country (ISO code, either side)"
    )
    region = django_filters.ChoiceFilter(
        method="filter_region", choices=Region.choices, label="Region (either side)"
    )
    kind = django_filters.ChoiceFilter(choices=AgreementKind.choices)
    status = django_filters.ChoiceFilter(choices=AgreementStatus.choices)
    signed_from = YearFromFilter("signed")
    signed_to = YearToFilter("signed")
    ended_from = YearFromFilter("ended")
    ended_to = YearToFilter("ended")
    source = django_filters.CharFilter(field_name="citations__source__key", distinct=True)
    title = django_filters.CharFilter(lookup_expr="icontains")
    one_sided = django_filters.BooleanFilter(
        field_name="stated_only_by",
        lookup_expr="isnull",
        exclude=True,
        label="Stated on one side only",
    )
    sort = django_filters.OrderingFilter(
        fields=(
            ("city_a__name", "city_a"),
            ("city_b__name", "city_b"),
            ("signed", "signed"),
            ("kind", "kind"),
            ("status", "status"),
        ),
    )

    class Meta:
        model = Agreement
        fields = ["kind", "status"]

    def filter_city(self, qs: QuerySet[Agreement], name: str, value: int) -> QuerySet[Agreement]:
        return qs.filter(Q(city_a_id=value) | Q(city_b_id=value))

    def filter_city_name(
        self, qs: QuerySet[Agreement], name: str, value: str
    ) -> QuerySet[Agreement]:
        if not value.strip():
            return qs
        ids = cities_named(value)
        return qs.filter(Q(city_a_id__in=ids) | Q(city_b_id__in=ids))

    def filter_country(self, qs: QuerySet[Agreement], name: str, value: str) -> QuerySet[Agreement]:
        code = value.strip().upper()
        return qs.filter(Q(city_a__country_id=code) | Q(city_b__country_id=code))

    def filter_region(self, qs: QuerySet[Agreement], name: str, value: str) -> QuerySet[Agreement]:
        return qs.filter(Q(city_a__country__region=value) | Q(city_b__country__region=value))
