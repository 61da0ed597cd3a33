"""Filters for the source list (page and API)."""

import django_filters
from django.db.models import QuerySet

from citydiplomacy.geo.filters import YearFromFilter, YearToFilter
from citydiplomacy.sources.models import Source, SourceKind


class SourceFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label="Title, author or key")
    kind = django_filters.ChoiceFilter(choices=SourceKind.choices)
    key = django_filters.CharFilter()
    url = django_filters.CharFilter(lookup_expr="icontains")
    file_name = django_filters.CharFilter(lookup_expr="icontains")
    published_from = YearFromFilter("published")
    published_to = YearToFilter("published")
    sort = django_filters.OrderingFilter(
        fields=(("title", "title"), ("published", "published"), ("key", "key"))
    )

    class Meta:
        model = Source
        fields = ["q", "kind"]

    def filter_text(self, qs: QuerySet[Source], name: str, value: str) -> QuerySet[Source]:
        return (
            qs.filter(title__icontains=value)
            | qs.filter(author__icontains=value)
            | qs.filter(key__icontains=value)
        )
