"""Filters for the contact and consular post lists (pages, API and exports).

They narrow querysets that `offices.visibility` has already limited to the visitor's offices,
so filtering by another office's slug finds nothing, exactly as an unknown slug does. The
holder picker offers and accepts only the visitor's offices' contacts: another office's
contact id is refused exactly as an id that names no contact.
"""

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone

from citydiplomacy.contacts.filters import ContactPickerFilter
from citydiplomacy.contacts.models import ConsularPost, Contact, ContactKind, PostKind
from citydiplomacy.geo.filters import CityPickerFilter, CountryCodeFilter


class ContactFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label="Name, organisation or e-mail")
    office = django_filters.CharFilter(field_name="office__slug", label="Office (slug)")
    kind = django_filters.ChoiceFilter(choices=ContactKind.choices)
    title = django_filters.CharFilter(lookup_expr="icontains")
    organisation = django_filters.CharFilter(
        field_name="organisation__slug", label="Registry organisation (slug)"
    )
    city = CityPickerFilter("city", label="City")
    country = CountryCodeFilter(field_name="country")
    language = django_filters.CharFilter(field_name="languages", lookup_expr="icontains")
    sort = django_filters.OrderingFilter(
        fields=(("name", "name"), ("kind", "kind"), ("country__name", "country")),
    )

    class Meta:
        model = Contact
        fields = ["kind"]

    def filter_text(self, qs: QuerySet[Contact], name: str, value: str) -> QuerySet[Contact]:
        text = value.strip()
        if not text:
            return qs
        return qs.filter(
            Q(name__icontains=text) | Q(organisation_name__icontains=text) | Q(email__iexact=text)
        )


class ConsularPostFilterSet(django_filters.FilterSet):
    office = django_filters.CharFilter(field_name="office__slug", label="Office (slug)")
    country = CountryCodeFilter(field_name="country", label="Sending country (ISO code)")
    kind = django_filters.ChoiceFilter(choices=PostKind.choices)
    holder = ContactPickerFilter(field_name="holder", label="Held by (one of your contacts)")
    vacant = django_filters.BooleanFilter(
        field_name="holder", lookup_expr="isnull", label="No holder recorded"
    )
    current = django_filters.BooleanFilter(method="filter_current", label="Held today")
    sort = django_filters.OrderingFilter(
        fields=(("country__name", "country"), ("kind", "kind"), ("since", "since")),
    )

    class Meta:
        model = ConsularPost
        fields = ["kind"]

    def filter_current(
        self, qs: QuerySet[ConsularPost], name: str, value: bool | None
    ) -> QuerySet[ConsularPost]:
        if value is None:
            return qs
        today = timezone.localdate().isoformat()
        # Partial dates sort as text; a post held "until 2024" is held all through 2024.
        ended = ~Q(until="") & Q(until__lt=today) & ~Q(until__in=[today[:4], today[:7]])
        return qs.exclude(ended) if value else qs.filter(ended)
