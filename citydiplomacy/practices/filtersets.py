"""Filters for the practice and adoption lists (pages, API and exports)."""

import django_filters
from django.db.models import Q, QuerySet

from citydiplomacy.geo.filters import CityPickerFilter, YearFromFilter, YearToFilter
from citydiplomacy.geo.models import Region
from citydiplomacy.organisations.models import Topic
from citydiplomacy.practices.models import Adoption, AdoptionStatus, Channel, Practice


class PracticeFilterSet(django_filters.FilterSet):
    title = django_filters.CharFilter(lookup_expr="icontains")
    topic = django_filters.ModelChoiceFilter(
        field_name="topics", queryset=Topic.objects.all(), to_field_name="slug"
    )
    category = django_filters.CharFilter(lookup_expr="iexact")
    evidence_grade = django_filters.NumberFilter(min_value=1, max_value=5)
    origin_country = django_filters.CharFilter(method="filter_origin_country")
    origin_city = CityPickerFilter("origin_city", label="Origin city")
    origin_division = django_filters.CharFilter(field_name="origin_division_id")
    origin_from = django_filters.NumberFilter(field_name="origin_year", lookup_expr="gte")
    origin_to = django_filters.NumberFilter(field_name="origin_year", lookup_expr="lte")
    evidence_source = django_filters.CharFilter(field_name="evidence_source__key")
    variant_of = django_filters.CharFilter(field_name="variant_of__slug")
    successor_of = django_filters.CharFilter(field_name="successor_of__slug")
    source = django_filters.CharFilter(field_name="citations__source__key", distinct=True)
    sort = django_filters.OrderingFilter(
        fields=(("title", "title"), ("origin_year", "origin_year"), ("evidence_grade", "grade"))
    )

    class Meta:
        model = Practice
        fields = ["evidence_grade"]

    def filter_origin_country(
        self, qs: QuerySet[Practice], name: str, value: str
    ) -> QuerySet[Practice]:
        code = value.strip().upper()
        return qs.filter(Q(origin_city__country_id=code) | Q(origin_division__country_id=code))


class AdoptionFilterSet(django_filters.FilterSet):
    practice = django_filters.CharFilter(field_name="practice__slug")
    city = CityPickerFilter("city", label="Adopter city")
    division = django_filters.CharFilter(field_name="division_id", label="Division (ISO 3166-2)")
    country = django_filters.CharFilter(method="filter_country")
    region = django_filters.ChoiceFilter(method="filter_region", choices=Region.choices)
    status = django_filters.ChoiceFilter(choices=AdoptionStatus.choices)
    channel = django_filters.ChoiceFilter(choices=Channel.choices)
    channel_organisation = django_filters.CharFilter(field_name="channel_organisation__slug")
    borrowed_from = django_filters.NumberFilter(field_name="borrowed_from_id")
    from_origin = django_filters.BooleanFilter()
    adopted_from = YearFromFilter("adopted_on")
    adopted_to = YearToFilter("adopted_on")
    source = django_filters.CharFilter(field_name="citations__source__key", distinct=True)
    sort = django_filters.OrderingFilter(
        fields=(("adopted_on", "adopted_on"), ("status", "status"), ("practice__title", "practice"))
    )

    class Meta:
        model = Adoption
        fields = ["status", "channel"]

    def filter_country(self, qs: QuerySet[Adoption], name: str, value: str) -> QuerySet[Adoption]:
        code = value.strip().upper()
        return qs.filter(Q(city__country_id=code) | Q(division__country_id=code))

    def filter_region(self, qs: QuerySet[Adoption], name: str, value: str) -> QuerySet[Adoption]:
        return qs.filter(Q(city__country__region=value) | Q(division__country__region=value))
