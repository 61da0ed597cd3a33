"""Filters for the city and country lists (pages and API)."""

import django_filters
from django.db.models import QuerySet

from citydiplomacy.geo.filters import cities_named
from citydiplomacy.geo.models import (
    City,
    Country,
    ProvisionalPlace,
    Region,
    ReviewReason,
    ReviewState,
)
from citydiplomacy.geo.selectors import whole_cities


class CountryFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name")
    region = django_filters.ChoiceFilter(choices=Region.choices)
    subregion = django_filters.CharFilter(lookup_expr="iexact", label="M49 sub-region")
    min_population = django_filters.NumberFilter(field_name="population", lookup_expr="gte")
    max_population = django_filters.NumberFilter(field_name="population", lookup_expr="lte")
    sort = django_filters.OrderingFilter(
        fields=(("name", "name"), ("population", "population"), ("iso2", "iso2")),
    )

    class Meta:
        model = Country
        fields = ["q", "region", "subregion"]


class CityFilterSet(django_filters.FilterSet):
    """Filters of the city list. The degree filters and sorts (agreements, partners,
    memberships) need the queryset from `geo.selectors.with_degrees`, as the list page and
    the API give it."""

    q = django_filters.CharFilter(method="filter_name", label="Name (any spelling)")
    country = django_filters.CharFilter(
        field_name="country_id", method="filter_country", label="Country (ISO code)"
    )
    region = django_filters.ChoiceFilter(
        field_name="country__region", choices=Region.choices, label="Region"
    )
    subregion = django_filters.CharFilter(
        field_name="country__subregion", lookup_expr="iexact", label="Sub-region (UN M49)"
    )
    admin1 = django_filters.CharFilter(field_name="admin1_code", label="First-level division code")
    min_population = django_filters.NumberFilter(
        field_name="population", lookup_expr="gte", label="Population at least"
    )
    max_population = django_filters.NumberFilter(
        field_name="population", lookup_expr="lte", label="Population at most"
    )
    min_agreements = django_filters.NumberFilter(
        field_name="agreement_count", lookup_expr="gte", min_value=0, label="Agreements at least"
    )
    min_partners = django_filters.NumberFilter(
        field_name="partner_count", lookup_expr="gte", min_value=0, label="Partner cities at least"
    )
    min_memberships = django_filters.NumberFilter(
        field_name="membership_count",
        lookup_expr="gte",
        min_value=0,
        label="Memberships in force at least",
    )
    wikidata_id = django_filters.CharFilter(label="Wikidata id")
    feature_code = django_filters.CharFilter(label="GeoNames feature code")
    part_of = django_filters.NumberFilter(
        field_name="part_of_id", label="Part of the city (GeoNames id)"
    )
    whole = django_filters.BooleanFilter(
        method="filter_whole", label="Whole cities only (no arrondissements or boroughs)"
    )
    timezone = django_filters.CharFilter(label="Time zone")
    provisional = django_filters.BooleanFilter(label="Not yet matched (provisional places)")
    sort = django_filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("population", "population"),
            ("country__name", "country"),
            ("agreement_count", "agreements"),
            ("partner_count", "partners"),
            ("membership_count", "memberships"),
        ),
        label="Sort by",
    )

    class Meta:
        model = City
        fields = ["q", "country", "region", "subregion", "admin1"]

    def filter_name(self, qs: QuerySet[City], name: str, value: str) -> QuerySet[City]:
        return qs.filter(pk__in=cities_named(value)) if value.strip() else qs

    def filter_whole(self, qs: QuerySet[City], name: str, value: bool | None) -> QuerySet[City]:
        return whole_cities(qs) if value else qs

    def filter_country(self, qs: QuerySet[City], name: str, value: str) -> QuerySet[City]:
        return qs.filter(country_id=value.strip().upper())


class ProvisionalPlaceFilterSet(django_filters.FilterSet):
    """Filters of the review queue: by import run, country, reason and state."""

    q = django_filters.CharFilter(
        field_name="written_name", lookup_expr="icontains", label="Name as written"
    )
    country = django_filters.CharFilter(method="filter_country", label="Country (ISO code)")
    written_country = django_filters.CharFilter(lookup_expr="icontains", label="Country as written")
    reason = django_filters.ChoiceFilter(choices=ReviewReason.choices)
    state = django_filters.ChoiceFilter(choices=ReviewState.choices)
    import_run = django_filters.NumberFilter(field_name="import_run_id", label="Import run")
    approximate_point = django_filters.BooleanFilter(label="No point given by the source")
    city = django_filters.NumberFilter(field_name="city_id", label="Place id")
    sort = django_filters.OrderingFilter(
        fields=(
            ("written_name", "name"),
            ("city__country__name", "country"),
            ("reason", "reason"),
            ("tie_count", "ties"),
            ("city_id", "id"),
        ),
        label="Sort by",
    )

    class Meta:
        model = ProvisionalPlace
        fields = ["q", "country", "reason", "state", "import_run"]

    def filter_country(
        self, qs: QuerySet[ProvisionalPlace], name: str, value: str
    ) -> QuerySet[ProvisionalPlace]:
        return qs.filter(city__country_id=value.strip().upper())
