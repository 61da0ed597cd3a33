"""Filters shared by several FilterSets: year ranges on partial dates, name-key search."""

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from citydiplomacy.core.pickers import PickerFilter
from citydiplomacy.geo.models import City, CityName, ProvisionalPlace, ReviewState
from citydiplomacy.geo.names import name_key


class CountryCodeFilter(django_filters.CharFilter):
    """Keeps rows whose country (a foreign key to Country, named by `field_name`) has this
    ISO code, in either case.

    Country keys are upper-case ISO codes, so the value is upper-cased and compared exactly:
    a case-insensitive lookup on the key column (`country_id__iexact`) is not one Django
    supports on a foreign key.
    """

    def __init__(self, field_name: str, **kwargs: Any) -> None:
        kwargs.setdefault("label", "Country (ISO code)")
        kwargs.setdefault("max_length", 3)
        super().__init__(field_name=field_name.removesuffix("_id"), **kwargs)

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value in (None, "") or not str(value).strip():
            return qs
        qs = qs.filter(**{f"{self.field_name!s}_id": str(value).strip().upper()})
        return qs.distinct() if self.distinct else qs


class CityPickerFilter(PickerFilter):
    """A city by its GeoNames id (`?city=2950159`), picked on the page by searching its
    name in any spelling; an id that is no city is a filter error."""

    def __init__(self, field_name: str, **kwargs: Any) -> None:
        kwargs.setdefault("label", "City")
        super().__init__(
            "city",
            noun="city",
            key="GeoNames id",
            field_name=field_name,
            queryset=City.objects.select_related("country"),
            **kwargs,
        )


class YearFromFilter(django_filters.NumberFilter):
    """Keeps rows whose partial date falls in or after the given year (unknown dates drop out)."""

    def __init__(self, field_name: str, **kwargs: Any) -> None:
        kwargs.setdefault("label", f"{field_name.replace('_', ' ')} from (year)")
        super().__init__(field_name=field_name, min_value=1, max_value=9999, **kwargs)

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value in (None, ""):
            return qs
        return qs.filter(**{f"{self.field_name!s}__gte": f"{int(value):04d}"})


class YearToFilter(django_filters.NumberFilter):
    """Keeps rows whose partial date falls in or before the given year (unknown dates drop out)."""

    def __init__(self, field_name: str, **kwargs: Any) -> None:
        kwargs.setdefault("label", f"{field_name.replace('_', ' ')} to (year)")
        super().__init__(field_name=field_name, min_value=1, max_value=9999, **kwargs)

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value in (None, ""):
            return qs
        return qs.filter(**{f"{self.field_name!s}__lt": f"{int(value) + 1:04d}"}).exclude(
            **{str(self.field_name): ""}
        )


class CountryCodesField(forms.Field):
    """One or two ISO country codes, repeated (`country=US&country=JP`) or comma-separated."""

    widget = forms.TextInput

    def to_python(self, value: Any) -> list[str]:
        if value in (None, "", []):
            return []
        values = value if isinstance(value, list | tuple) else [value]
        codes = [c.strip().upper() for v in values for c in str(v).split(",") if c.strip()]
        for code in codes:
            if len(code) != 2 or not code.isalpha():
                raise ValidationError(f"{code!r} is not a two-letter ISO country code.")
        if len(codes) > 2:
            raise ValidationError(
                "Give one country (ties with a city in it) or two (ties between them)."
            )
        return codes

    def prepare_value(self, value: Any) -> Any:
        return ",".join(value) if isinstance(value, list | tuple) else value


class _CountryCodesInput(forms.TextInput):
    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        getlist = getattr(data, "getlist", None)
        return getlist(name) if getlist is not None else data.get(name)


class CountryCodesFilter(django_filters.Filter):
    """A filter taking one or two country codes; its `method` gets the list of codes."""

    field_class = CountryCodesField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", _CountryCodesInput(attrs={"placeholder": "e.g. US,JP"}))
        super().__init__(*args, **kwargs)


def cities_named(prefix: str) -> "QuerySet[City, Any]":
    """Ids of cities with a name whose key starts with the key of `prefix`, and of the
    provisional places (not yet matched) whose name as written does: they have no gazetteer
    names, only the source's words."""
    key = name_key(prefix)
    named = CityName.objects.filter(key__startswith=key).values("city_id")
    kept = ProvisionalPlace.objects.filter(state=ReviewState.OPEN, name_key__startswith=key)
    return City.objects.filter(Q(pk__in=named) | Q(pk__in=kept.values("city_id"))).values("pk")


def either_city(field_a: str, field_b: str, value: Any) -> Q:
    return Q(**{field_a: value}) | Q(**{field_b: value})
