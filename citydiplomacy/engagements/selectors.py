"""Reading engagements and follow-ups, always through `offices.visibility`.

`visible_engagements(user)` is what a visitor may see: every engagement of their offices and
the public engagements of any office. Each row carries `member_view`, true only for the
visitor's own offices; the schemas show contacts, staff and follow-ups only when it is true.
"""

from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.urls import reverse
from django.utils import timezone

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.contacts.models import Contact
from citydiplomacy.core.schemas import dump
from citydiplomacy.engagements.models import PENDING, Engagement, FollowUp, Visibility
from citydiplomacy.engagements.schemas import FollowUpOut
from citydiplomacy.geo.models import City, Country
from citydiplomacy.offices.models import Office
from citydiplomacy.offices.visibility import member_office_ids, require_member, signed_in, visible


def with_details(engagements: QuerySet[Engagement]) -> QuerySet[Engagement]:
    """Everything the list and the detail show, in a fixed number of queries per page."""
    return engagements.select_related("office", "city").prefetch_related(
        "cities",
        "countries",
        "organisations",
        "topics",
        Prefetch("agreements", Agreement.objects.select_related("city_a", "city_b")),
        "contacts",
        "staff",
        Prefetch("follow_ups", FollowUp.objects.select_related("owner")),
    )


def visible_engagements(user: Any) -> QuerySet[Engagement]:
    public = Q(visibility=Visibility.PUBLIC)
    if not signed_in(user):
        return Engagement.objects.filter(public).annotate(member_view=Value(False))
    own = Q(office_id__in=member_office_ids(user))
    return Engagement.objects.filter(own | public).annotate(
        member_view=ExpressionWrapper(own, output_field=BooleanField())
    )


def member_engagements(user: Any) -> QuerySet[Engagement]:
    """Only the engagements of the visitor's own offices (search, exports, dashboards)."""
    return visible(Engagement.objects.all(), user).annotate(member_view=Value(True))


def with_partner_city(geonames_id: int) -> Q:
    # A subquery, not a join: a join on several partners would repeat rows.
    links = Engagement.cities.through.objects.filter(city_id=geonames_id)
    return Q(pk__in=links.values("engagement_id"))


def partner_or_place_ids(geonames_id: int) -> QuerySet[Any]:
    """The ids of the engagements (of every office) with the city as a partner or held in
    it, as a subquery: a union, since with an OR of two conditions SQLite reads every
    engagement of the office instead. Records hanging off engagements (follow-ups, visits)
    filter on it directly, which is cheaper than nesting an engagement queryset."""
    links = Engagement.cities.through.objects.filter(city_id=geonames_id).values("engagement_id")
    held = Engagement.objects.filter(city_id=geonames_id).values("pk")
    return links.union(held)


def with_partner_country(iso2: str) -> Q:
    """Engagements with the country itself or with one of its cities as a partner."""
    code = iso2.strip().upper()
    countries = Engagement.countries.through.objects.filter(country_id=code)
    cities = Engagement.cities.through.objects.filter(city__country_id=code)
    return Q(pk__in=countries.values("engagement_id")) | Q(pk__in=cities.values("engagement_id"))


def follow_ups() -> QuerySet[FollowUp]:
    return FollowUp.objects.select_related("office", "engagement", "owner")


def visible_follow_ups(user: Any) -> QuerySet[FollowUp]:
    return visible(follow_ups(), user)


def overdue(queryset: QuerySet[FollowUp]) -> QuerySet[FollowUp]:
    return queryset.filter(status__in=PENDING, due_on__lt=timezone.localdate())


def top_partners(office: Office, limit: int = 10) -> dict[str, list[dict[str, Any]]]:
    """The cities and countries the office engages with most, with their engagement counts."""
    city_rows = (
        Engagement.cities.through.objects.filter(engagement__office=office)
        .values("city_id")
        .annotate(n=Count("engagement_id"))
        .order_by("-n", "city_id")[:limit]
    )
    country_rows = (
        Engagement.countries.through.objects.filter(engagement__office=office)
        .values("country_id")
        .annotate(n=Count("engagement_id"))
        .order_by("-n", "country_id")[:limit]
    )
    city_counts = {row["city_id"]: row["n"] for row in city_rows}
    country_counts = {row["country_id"]: row["n"] for row in country_rows}
    cities = City.objects.in_bulk(list(city_counts))
    countries = Country.objects.in_bulk(list(country_counts))
    return {
        "cities": [
            {"geonames_id": pk, "name": cities[pk].name, "country": cities[pk].country_id, "n": n}
            for pk, n in city_counts.items()
        ],
        "countries": [
            {"iso2": code, "name": countries[code].name, "n": n}
            for code, n in country_counts.items()
        ],
    }


DASHBOARD_ROWS = 10


def dashboard(office: Office, user: Any) -> dict[str, Any]:
    """An office's dashboard: open and overdue follow-ups, upcoming and recent engagements,
    its most frequent partners and its counts (its members only: checked once, then every
    query filters on the office)."""
    require_member(office, user)
    today = timezone.localdate()
    engagements = Engagement.objects.filter(office=office).select_related("city")
    pending = follow_ups().filter(office=office, status__in=PENDING)
    late = pending.filter(due_on__lt=today)
    on_time = pending.filter(Q(due_on__gte=today) | Q(due_on__isnull=True))
    tally = pending.aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    upcoming = engagements.filter(starts_on__gte=today).order_by("starts_on", "id")
    recent = engagements.filter(starts_on__lt=today).order_by("-starts_on", "-id")
    return {
        "counts": {
            "engagements": engagements.count(),
            "contacts": Contact.objects.filter(office=office).count(),
            "open_follow_ups": tally["open"],
            "overdue_follow_ups": tally["overdue"],
        },
        "overdue": [dump(FollowUpOut, f) for f in late[:DASHBOARD_ROWS]],
        "open": [dump(FollowUpOut, f) for f in on_time[:DASHBOARD_ROWS]],
        "upcoming": [_engagement_row(e) for e in upcoming[:DASHBOARD_ROWS]],
        "recent": [_engagement_row(e) for e in recent[:DASHBOARD_ROWS]],
        "partners": top_partners(office),
    }


def _engagement_row(engagement: Engagement) -> dict[str, Any]:
    return {
        "id": engagement.pk,
        "title": engagement.title,
        "kind": engagement.kind,
        "kind_label": engagement.get_kind_display(),
        "starts_on": engagement.starts_on.isoformat(),
        "place": engagement.city.name if engagement.city else engagement.venue,
        "url": reverse("engagements:detail", args=[engagement.pk]),
    }


def engagement_options(text: str, user: Any) -> list[dict[str, Any]]:
    """An engagement picker's options: the visitor's own offices' engagements whose title
    holds `text`, the latest first (nothing for anyone outside an office)."""
    found = member_engagements(user).select_related("office").filter(title__icontains=text)
    return [
        {"value": e.pk, "label": str(e), "detail": e.office.name}
        for e in found.order_by("-starts_on", "-id")[:20]
    ]
