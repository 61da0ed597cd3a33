"""Filters for the organisation and membership lists (pages and API)."""

import django_filters
from django.db.models import QuerySet

from citydiplomacy.core.editing import RemoteSelect
from citydiplomacy.geo.filters import (
    CityPickerFilter,
    CountryCodeFilter,
    YearFromFilter,
    YearToFilter,
    cities_named,
)
from citydiplomacy.geo.models import City, Region
from citydiplomacy.organisations.models import (
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    Topic,
)


class OrganisationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label="Name or acronym")
    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices)
    theme = django_filters.ModelChoiceFilter(
        field_name="themes", queryset=Topic.objects.all(), to_field_name="slug"
    )
    founded_from = YearFromFilter("founded")
    founded_to = YearToFilter("founded")
    secretariat_country = CountryCodeFilter(
        field_name="secretariat_country", label="Secretariat country (ISO code)"
    )
    secretariat_city = CityPickerFilter("secretariat_city", label="Secretariat city")
    wikidata_id = django_filters.CharFilter(label="Wikidata id")
    member_city = CityPickerFilter("memberships__city", distinct=True, label="Has member city")
    sort = django_filters.OrderingFilter(
        fields=(("name", "name"), ("founded", "founded"), ("member_count", "members")),
    )

    class Meta:
        model = Organisation
        fields = ["q", "kind", "theme"]

    def filter_text(
        self, qs: QuerySet[Organisation], name: str, value: str
    ) -> QuerySet[Organisation]:
        return qs.filter(name__icontains=value) | qs.filter(acronym__iexact=value)


class MembershipFilterSet(django_filters.FilterSet):
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        label="Organisation",
        widget=RemoteSelect("organisation"),
    )
    city = django_filters.ModelChoiceFilter(
        queryset=City.objects.select_related("country"),
        label="City",
        widget=RemoteSelect("city"),
    )
    city_name = django_filters.CharFilter(
        method="filter_city_name", label="City name (any spelling)"
    )
    country = CountryCodeFilter(field_name="city__country")
    region = django_filters.ChoiceFilter(
        field_name="city__country__region", choices=Region.choices, label="Region"
    )
    role = django_filters.MultipleChoiceFilter(choices=MembershipRole.choices, label="Role")
    joined_from = YearFromFilter("joined", label="Joined from (year)")
    joined_to = YearToFilter("joined", label="Joined until (year)")
    left_from = YearFromFilter("left", label="Left from (year)")
    left_to = YearToFilter("left", label="Left until (year)")
    current = django_filters.BooleanFilter(method="filter_current", label="Current members only")
    source = django_filters.CharFilter(
        field_name="citations__source__key", distinct=True, label="Source (key)"
    )
    via_district = django_filters.BooleanFilter(
        label="Named through a district or borough of the city"
    )
    sort = django_filters.OrderingFilter(
        fields=(
            ("city__name", "city"),
            ("organisation__name", "organisation"),
            ("joined", "joined"),
            ("left", "left"),
            ("city__population", "population"),
        ),
        label="Sort by",
    )

    class Meta:
        model = Membership
        fields = ["organisation", "city", "role"]

    def filter_city_name(
        self, qs: QuerySet[Membership], name: str, value: str
    ) -> QuerySet[Membership]:
        return qs.filter(city_id__in=cities_named(value)) if value.strip() else qs

    def filter_current(
        self, qs: QuerySet[Membership], name: str, value: bool | None
    ) -> QuerySet[Membership]:
        if value is None:
            return qs
        return qs.filter(left="") if value else qs.exclude(left="")
