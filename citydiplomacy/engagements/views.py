"""Pages of engagements, partner timelines and follow-ups (each view is its page's data function).

Engagements are read through `visible_engagements` (members see their offices' engagements in
full; anyone sees public engagements without their office-only parts); follow-ups through
`visible_follow_ups`. A record the visitor may not see is a 404, whether it exists or not.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from citydiplomacy.core.editing import delete_record, edit_record, history_url
from citydiplomacy.core.listing import list_data
from citydiplomacy.core.pages import PageData, PageResult, page
from citydiplomacy.core.schemas import dump
from citydiplomacy.engagements.filtersets import EngagementFilterSet, FollowUpFilterSet
from citydiplomacy.engagements.forms import EngagementForm, FollowUpForm
from citydiplomacy.engagements.models import Engagement, FollowUp
from citydiplomacy.engagements.relationship import partner_relationship
from citydiplomacy.engagements.schemas import EngagementOut, FollowUpOut
from citydiplomacy.engagements.selectors import (
    visible_engagements,
    visible_follow_ups,
    with_details,
    with_partner_city,
    with_partner_country,
)
from citydiplomacy.engagements.services import engagement_delete, follow_up_delete
from citydiplomacy.geo.models import City, Country
from citydiplomacy.offices.models import Office
from citydiplomacy.offices.schemas import OfficeRef
from citydiplomacy.offices.views_editing import edit_office_record, remove_office_record
from citydiplomacy.offices.visibility import (
    can_read,
    can_write,
    can_write_somewhere,
)


@page("engagements/engagement_list.html")
def engagement_list(request: HttpRequest) -> PageResult:
    """Your offices' engagements, and the public engagements of every office."""
    result = list_data(
        request,
        title="Engagements",
        filterset_class=EngagementFilterSet,
        queryset=with_details(visible_engagements(request.user)),
        row=lambda engagement: dump(EngagementOut, engagement),
    )
    result.html_context["can_write"] = can_write_somewhere(request.user)
    return result


@page("engagements/engagement_detail.html")
def engagement_detail(request: HttpRequest, pk: int) -> PageResult:
    engagement = get_object_or_404(with_details(visible_engagements(request.user)), pk=pk)
    data: PageData = {"title": engagement.title, "engagement": dump(EngagementOut, engagement)}
    if engagement.member_view:  # type: ignore[attr-defined]
        data["history_url"] = history_url(engagement)
    html = {"can_write": can_write(request.user, engagement.office_id)}
    return PageResult(data, html_context=html)


def engagement_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return edit_office_record(
        request,
        visible=visible_engagements(request.user),
        pk=pk,
        form_class=EngagementForm,
        new_title="Record an engagement",
        success_url=lambda e: reverse("engagements:detail", args=[e.pk]),
        initial={
            "office": request.GET.get("office"),
            "contacts": request.GET.getlist("contacts"),
            "cities": request.GET.getlist("cities"),
        },
    )


def engagement_remove(request: HttpRequest, pk: int) -> HttpResponse:
    return remove_office_record(
        request,
        visible=visible_engagements(request.user),
        pk=pk,
        delete=engagement_delete,
        success_url=reverse("engagements:list"),
    )


def _timeline(request: HttpRequest, office: Office, partner: str, condition: Q) -> PageResult:
    """The office's engagements with one partner, newest first (for its members only)."""
    engagements = visible_engagements(request.user).filter(office=office).filter(condition)
    result = list_data(
        request,
        title=f"{office.name} and {partner}",
        filterset_class=EngagementFilterSet,
        queryset=with_details(engagements),
        row=lambda engagement: dump(EngagementOut, engagement),
    )
    result.data["office"] = dump(OfficeRef, office)
    result.data["partner"] = partner
    result.data["member_view"] = True  # only members reach a timeline (_readable_office)
    return result


def _readable_office(request: HttpRequest, slug: str) -> Office:
    """The office, for its members; for anyone else a 404, as if it did not exist."""
    office = Office.objects.select_related("city").filter(slug=slug).first()
    if office is None or not can_read(request.user, office):
        raise Http404(f"No office {slug!r} that you are a member of.")
    return office


@page("engagements/timeline.html")
def timeline_city(request: HttpRequest, slug: str, geonames_id: int) -> PageResult:
    """The office's partner page: the relationship (agreements, contacts, open follow-ups,
    documents) over the timeline of its engagements with the city."""
    office = _readable_office(request, slug)
    city = get_object_or_404(City.objects.select_related("country"), pk=geonames_id)
    result = _timeline(request, office, city.name, with_partner_city(city.pk))
    result.data["relationship"] = partner_relationship(office, request.user, city)
    return result


@page("engagements/timeline.html")
def timeline_country(request: HttpRequest, slug: str, iso2: str) -> PageResult:
    office = _readable_office(request, slug)
    country = get_object_or_404(Country, pk=iso2.upper())
    return _timeline(request, office, country.name, with_partner_country(country.pk))


@page("engagements/follow_up_list.html")
def follow_up_list(request: HttpRequest) -> PageResult:
    """The follow-ups of your offices."""
    return list_data(
        request,
        title="Follow-ups",
        filterset_class=FollowUpFilterSet,
        queryset=visible_follow_ups(request.user),
        row=lambda follow_up: dump(FollowUpOut, follow_up),
    )


@login_required
@page("engagements/follow_up_list.html")
def my_follow_ups(request: HttpRequest) -> PageResult:
    """The follow-ups you own, in every office, the soonest due first."""
    return list_data(
        request,
        title="My follow-ups",
        filterset_class=FollowUpFilterSet,
        queryset=visible_follow_ups(request.user).filter(owner_id=request.user.pk),
        row=lambda follow_up: dump(FollowUpOut, follow_up),
    )


@page("engagements/follow_up_detail.html")
def follow_up_detail(request: HttpRequest, pk: int) -> PageResult:
    follow_up = get_object_or_404(visible_follow_ups(request.user), pk=pk)
    data: PageData = {
        "title": follow_up.what,
        "follow_up": dump(FollowUpOut, follow_up),
        "history_url": history_url(follow_up),
    }
    html = {"can_write": can_write(request.user, follow_up.office_id)}
    return PageResult(data, html_context=html)


def follow_up_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A new follow-up of engagement `pk`."""
    engagement = get_object_or_404(
        visible_engagements(request.user).filter(Q(member_view=True)), pk=pk
    )
    return edit_record(
        request,
        form_class=FollowUpForm,
        instance=None,
        title=f"New follow-up of {engagement.title}",
        success_url=lambda f: reverse("engagements:detail", args=[engagement.pk]),
        form_kwargs={"user": request.user, "engagement": engagement},
        ahead=FollowUp(office_id=engagement.office_id, engagement=engagement),
    )


def follow_up_edit(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(visible_follow_ups(request.user), pk=pk)
    return edit_record(
        request,
        form_class=FollowUpForm,
        instance=follow_up,
        title=f"Edit {follow_up.what}",
        success_url=lambda f: reverse("engagements:follow_up", args=[f.pk]),
        form_kwargs={"user": request.user, "engagement": follow_up.engagement},
    )


def follow_up_remove(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(visible_follow_ups(request.user), pk=pk)
    engagement: Engagement = follow_up.engagement
    return delete_record(
        request,
        instance=follow_up,
        delete=lambda f, actor, version: follow_up_delete(f, actor=actor, expected_version=version),
        success_url=reverse("engagements:detail", args=[engagement.pk]),
    )
