"""Filters for the change history (page and API)."""

import django_filters
from django.db.models import QuerySet

from citydiplomacy.core.history.models import ChangeAction, ChangeRecord, Via
from citydiplomacy.core.privacy import scope_id


class ChangeRecordFilterSet(django_filters.FilterSet):
    model = django_filters.CharFilter(method="filter_model", label="Record type (app.model)")
    object_id = django_filters.CharFilter()
    action = django_filters.ChoiceFilter(choices=ChangeAction.choices)
    via = django_filters.ChoiceFilter(choices=Via.choices)
    actor = django_filters.CharFilter(field_name="actor_label", lookup_expr="icontains")
    object_repr = django_filters.CharFilter(lookup_expr="icontains", label="Record name")
    since = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="gte")
    until = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="lte")
    version = django_filters.NumberFilter()
    import_run = django_filters.NumberFilter(field_name="import_run_id", label="Import run")
    office = django_filters.CharFilter(method="filter_office", label="Office (slug)")
    sort = django_filters.OrderingFilter(fields=(("at", "at"), ("object_repr", "record")))

    class Meta:
        model = ChangeRecord
        fields = ["action", "via", "object_id"]

    def filter_model(
        self, qs: QuerySet[ChangeRecord], name: str, value: str
    ) -> QuerySet[ChangeRecord]:
        app_label, _, model = value.lower().partition(".")
        return qs.filter(content_type__app_label=app_label, content_type__model=model)

    def filter_office(
        self, qs: QuerySet[ChangeRecord], name: str, value: str
    ) -> QuerySet[ChangeRecord]:
        return qs.filter(private_to=scope_id(value))
