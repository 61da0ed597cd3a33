"""Pages of organisations and memberships (each view is its page's data function)."""

from dataclasses import asdict
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from citydiplomacy.core import extensions
from citydiplomacy.core.accounts.permissions import can_edit_registry
from citydiplomacy.core.editing import delete_record, edit_record, history_url
from citydiplomacy.core.listing import list_data
from citydiplomacy.core.pages import PageData, PageResult, page
from citydiplomacy.core.schemas import dump
from citydiplomacy.organisations.charts import membership_chart, membership_timeline
from citydiplomacy.organisations.filtersets import MembershipFilterSet, OrganisationFilterSet
from citydiplomacy.organisations.forms import MembershipForm, OrganisationForm
from citydiplomacy.organisations.models import Membership, Organisation
from citydiplomacy.organisations.schemas import (
    MembershipOut,
    OrganisationListOut,
    OrganisationOut,
    topic_out,
)
from citydiplomacy.organisations.selectors import (
    combined_population,
    largest_memberships,
    member_rows,
    memberships,
    organisation_for_profile,
    organisations_with_counts,
)
from citydiplomacy.organisations.services import membership_delete, organisation_delete
from citydiplomacy.sources.schemas import SourceRef
from citydiplomacy.sources.selectors import sources_of, with_sources

# The profile lists the biggest members in full; the membership list pages through the rest.
MEMBERS_SHOWN = 200


@page("organisations/organisation_list.html")
def organisation_list(request: HttpRequest) -> PageResult:
    return list_data(
        request,
        title="Organisations",
        filterset_class=OrganisationFilterSet,
        queryset=organisations_with_counts().prefetch_related("themes", with_sources()),
        row=lambda org: dump(OrganisationListOut, org),
    )


def _member_points(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One map point per current member city (URLs built once, not reversed per city)."""
    city_url = reverse("geo:city", args=[0]).replace("/0/", "/{}/")
    points: dict[int, dict[str, Any]] = {}
    for row in rows:
        if not row["left"] and row["city_id"] not in points:
            points[row["city_id"]] = {
                "name": f"{row['city__name']}, {row['city__country__name']}",
                "lat": row["city__latitude"],
                "lon": row["city__longitude"],
                "url": city_url.format(row["city_id"]),
                "role": row["role"],
            }
    return list(points.values())


@page("organisations/organisation_detail.html")
def organisation_detail(request: HttpRequest, slug: str) -> PageResult:
    """An organisation's profile: members on a map and in a table, and their weight."""
    try:
        organisation = organisation_for_profile(slug)
    except Organisation.DoesNotExist:
        raise Http404(f"No organisation {slug!r}.") from None
    rows = member_rows(organisation)
    timeline = membership_timeline(rows)
    shown = largest_memberships(organisation, MEMBERS_SHOWN)
    panels, shown_panels = extensions.collect_panels("organisation", organisation, request)
    data: PageData = {
        "title": str(organisation),
        "organisation": dump(OrganisationOut, organisation),
        "themes": [topic_out(topic) for topic in organisation.themes.all()],
        "population": combined_population(rows),
        "counts": {
            "memberships": len(rows),
            "shown": len(shown),
            "current_members": len({r["city_id"] for r in rows if not r["left"]}),
            "former_members": len({r["city_id"] for r in rows if r["left"]}),
        },
        "members": [dump(MembershipOut, m) for m in shown],
        "all_members_url": reverse("organisations:memberships") + f"?organisation={slug}",
        **panels.data,
        "sources": [dump(SourceRef, s) for s in sources_of([organisation, *shown, *panels.cited])],
        "map": {"points": _member_points(rows), "lines": False},
        "membership_timeline": timeline,
        "membership_chart": asdict(membership_chart(timeline)),  # JSON-ready: the twin has it
        "history_url": history_url(organisation),
    }
    context = {"can_edit": can_edit_registry(request.user), "panels": shown_panels}
    return PageResult(data, html_context=context)


def organisation_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug) if slug else None
    return edit_record(
        request,
        form_class=OrganisationForm,
        instance=organisation,
        title=f"Edit {organisation}" if organisation else "New organisation",
        success_url=lambda org: reverse("organisations:detail", args=[org.slug]),
    )


def organisation_remove(request: HttpRequest, slug: str) -> HttpResponse:
    return delete_record(
        request,
        instance=get_object_or_404(Organisation, slug=slug),
        delete=lambda org, actor, version: organisation_delete(
            org, actor=actor, expected_version=version
        ),
        success_url=reverse("organisations:list"),
    )


@page("organisations/membership_list.html")
def membership_list(request: HttpRequest) -> PageResult:
    return list_data(
        request,
        title="Memberships",
        filterset_class=MembershipFilterSet,
        queryset=memberships(),
        row=lambda membership: dump(MembershipOut, membership),
    )


@page("organisations/membership_detail.html")
def membership_detail(request: HttpRequest, pk: int) -> PageResult:
    membership = get_object_or_404(memberships(), pk=pk)
    data: PageData = {
        "title": str(membership),
        "membership": dump(MembershipOut, membership),
        "history_url": history_url(membership),
    }
    return PageResult(data, html_context={"can_edit": can_edit_registry(request.user)})


def membership_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=pk) if pk else None
    initial = {
        "city": request.GET.get("city"),
        "organisation": request.GET.get("organisation"),
    }
    return edit_record(
        request,
        form_class=MembershipForm,
        instance=membership,
        title=f"Edit {membership}" if membership else "New membership",
        success_url=lambda m: reverse("organisations:membership", args=[m.pk]),
        initial=initial if membership is None else None,
    )


def membership_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("organisation"), pk=pk)
    return delete_record(
        request,
        instance=membership,
        delete=lambda m, actor, version: membership_delete(
            m, actor=actor, expected_version=version
        ),
        success_url=reverse("organisations:detail", args=[membership.organisation.slug]),
    )
