"""Reading agreements."""

from django.db.models import Q, QuerySet

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.geo.models import City
from citydiplomacy.sources.selectors import with_sources


def agreements() -> QuerySet[Agreement]:
    return Agreement.objects.select_related("city_a__country", "city_b__country").prefetch_related(
        with_sources()
    )


def agreements_of_city(city: City) -> QuerySet[Agreement]:
    return agreements().filter(Q(city_a=city) | Q(city_b=city)).order_by("signed", "id")


def agreement_between(city_1: int, city_2: int, kind: str) -> Agreement | None:
    low, high = sorted((city_1, city_2))
    return Agreement.objects.filter(city_a_id=low, city_b_id=high, kind=kind).first()
