"""Filters for the lists of commitments, inventories, progress reports and rules."""

import django_filters

from citydiplomacy.commitments.models import (
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    EmissionsInventory,
    ObligationKind,
    ObligationRule,
    ProgressReport,
)
from citydiplomacy.core.pickers import PickerFilter
from citydiplomacy.geo.filters import CityPickerFilter
from citydiplomacy.geo.models import Region


class CommitmentFilterSet(django_filters.FilterSet):
    city = CityPickerFilter("city", label="City")
    country = django_filters.CharFilter(field_name="city__country_id", label="Country (ISO)")
    region = django_filters.ChoiceFilter(field_name="city__country__region", choices=Region.choices)
    organisation = django_filters.CharFilter(field_name="organisation__slug")
    framework = django_filters.CharFilter(field_name="framework__slug")
    kind = django_filters.ChoiceFilter(choices=CommitmentKind.choices)
    status = django_filters.ChoiceFilter(choices=CommitmentStatus.choices)
    boundary = django_filters.CharFilter()
    sector = django_filters.CharFilter(lookup_expr="icontains")
    statement = django_filters.CharFilter(lookup_expr="icontains")
    unit = django_filters.CharFilter()
    made = django_filters.CharFilter(lookup_expr="startswith")
    external_key = django_filters.CharFilter()
    baseline_year = django_filters.NumberFilter()
    baseline_value_min = django_filters.NumberFilter(field_name="baseline_value", lookup_expr="gte")
    target_value_max = django_filters.NumberFilter(field_name="target_value", lookup_expr="lte")
    target_percent_min = django_filters.NumberFilter(field_name="target_percent", lookup_expr="gte")
    target_year_from = django_filters.NumberFilter(field_name="target_year", lookup_expr="gte")
    target_year_to = django_filters.NumberFilter(field_name="target_year", lookup_expr="lte")
    source = django_filters.CharFilter(field_name="citations__source__key", distinct=True)
    sort = django_filters.OrderingFilter(
        fields=(
            ("city__name", "city"),
            ("target_year", "target_year"),
            ("baseline_year", "baseline_year"),
            ("kind", "kind"),
            ("status", "status"),
        )
    )

    class Meta:
        model = Commitment
        fields = ["kind", "status"]


class InventoryFilterSet(django_filters.FilterSet):
    city = CityPickerFilter("city", label="City")
    country = django_filters.CharFilter(field_name="city__country_id")
    year = django_filters.NumberFilter()
    year_from = django_filters.NumberFilter(field_name="year", lookup_expr="gte")
    year_to = django_filters.NumberFilter(field_name="year", lookup_expr="lte")
    reported_in = django_filters.CharFilter()
    protocol = django_filters.CharFilter(lookup_expr="icontains")
    boundary = django_filters.CharFilter(lookup_expr="icontains")
    gases = django_filters.CharFilter(lookup_expr="icontains")
    total_min = django_filters.NumberFilter(field_name="total", lookup_expr="gte")
    scope1_min = django_filters.NumberFilter(field_name="scope1", lookup_expr="gte")
    scope2_min = django_filters.NumberFilter(field_name="scope2", lookup_expr="gte")
    scope3_min = django_filters.NumberFilter(field_name="scope3", lookup_expr="gte")
    source = django_filters.CharFilter(field_name="citations__source__key", distinct=True)
    sort = django_filters.OrderingFilter(
        fields=(("city__name", "city"), ("year", "year"), ("total", "total"))
    )

    class Meta:
        model = EmissionsInventory
        fields = ["year"]


class ProgressFilterSet(django_filters.FilterSet):
    commitment = PickerFilter(
        "commitment",
        noun="commitment",
        field_name="commitment",
        queryset=Commitment.objects.select_related("city", "organisation"),
        label="Commitment",
    )
    city = CityPickerFilter("commitment__city", label="City of the commitment")
    year = django_filters.NumberFilter()
    min_value = django_filters.NumberFilter(field_name="value", lookup_expr="gte")
    max_value = django_filters.NumberFilter(field_name="value", lookup_expr="lte")
    percent_min = django_filters.NumberFilter(field_name="percent_achieved", lookup_expr="gte")
    reported_in = django_filters.CharFilter()
    source = django_filters.CharFilter(field_name="citations__source__key", distinct=True)
    sort = django_filters.OrderingFilter(fields=(("year", "year"), ("commitment", "commitment")))

    class Meta:
        model = ProgressReport
        fields = ["year"]


class RuleFilterSet(django_filters.FilterSet):
    organisation = django_filters.CharFilter(field_name="organisation__slug")
    kind = django_filters.ChoiceFilter(choices=ObligationKind.choices)
    description = django_filters.CharFilter(lookup_expr="icontains")
    within_years = django_filters.NumberFilter()
    every_years = django_filters.NumberFilter()
    source = django_filters.CharFilter(field_name="citations__source__key", distinct=True)
    sort = django_filters.OrderingFilter(fields=(("organisation__name", "organisation"),))

    class Meta:
        model = ObligationRule
        fields = ["kind"]
