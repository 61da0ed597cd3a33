"""Pages of offices: one's offices, an office's dashboard, its members (managed by admins)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_POST

from citydiplomacy.core import extensions
from citydiplomacy.core.errors import describe
from citydiplomacy.core.history.services import Actor, EditConflict
from citydiplomacy.core.listing import list_data
from citydiplomacy.core.pages import PageData, PageResult, page
from citydiplomacy.core.schemas import dump
from citydiplomacy.offices.filtersets import OfficeFilterSet, OfficeMembershipFilterSet
from citydiplomacy.offices.forms import MemberAddForm, MemberChangeForm
from citydiplomacy.offices.models import Office, OfficeRole
from citydiplomacy.offices.schemas import MemberOut, OfficeOut
from citydiplomacy.offices.selectors import member_office, members, my_offices
from citydiplomacy.offices.services import (
    office_member_add,
    office_member_remove,
    office_member_set_role,
)


@login_required
@page("offices/office_list.html")
def office_list(request: HttpRequest) -> PageResult:
    """My offices, each with my role in it."""
    return list_data(
        request,
        title="My offices",
        filterset_class=OfficeFilterSet,
        queryset=my_offices(request.user),
        row=lambda office: {**dump(OfficeOut, office), "role": getattr(office, "role", None)},
    )


@page("offices/dashboard.html")
def dashboard(request: HttpRequest, slug: str) -> PageResult:
    """The office's dashboard; its members only (everyone else gets a 404)."""
    office, role = member_office(request.user, slug)
    panels, shown = extensions.collect_panels("office", office, request)
    data: PageData = {
        "title": office.name,
        "office": dump(OfficeOut, office),
        "role": role,
        **panels.data,
        "counts": panels.counts,
    }
    can_write = role in (OfficeRole.EDITOR, OfficeRole.ADMIN)
    return PageResult(data, html_context={"can_write": can_write, "panels": shown})


@page("offices/members.html")
def member_list(request: HttpRequest, slug: str) -> PageResult:
    """The office's members and their roles; admins add, change and remove members here."""
    office, role = member_office(request.user, slug)
    result = list_data(
        request,
        title=f"Members of {office.name}",
        filterset_class=OfficeMembershipFilterSet,
        queryset=members(office),
        row=lambda membership: dump(MemberOut, membership),
    )
    result.data["office"] = dump(OfficeOut, office)
    result.html_context.update(
        can_manage=role == OfficeRole.ADMIN, add_form=MemberAddForm(), roles=OfficeRole.choices
    )
    return result


def _admin_office(request: HttpRequest, slug: str) -> tuple[Office, str]:
    office, role = member_office(request.user, slug)
    if role != OfficeRole.ADMIN:
        raise PermissionDenied("Managing members needs the office admin role.")
    return office, reverse("offices:members", args=[slug])


@require_POST
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    office, back = _admin_office(request, slug)
    form = MemberAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return HttpResponseRedirect(back)
    try:
        office_member_add(
            office=office,
            user=form.cleaned_data["username"],
            role=form.cleaned_data["role"],
            actor=Actor.from_request(request),
        )
    except ValidationError as error:
        messages.error(request, describe(error))
    else:
        messages.success(request, f"Added {form.cleaned_data['username']}.")
    return HttpResponseRedirect(back)


@require_POST
def member_change(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    office, back = _admin_office(request, slug)
    membership = get_object_or_404(members(office), pk=pk)
    form = MemberChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a role, or remove the member.")
        return HttpResponseRedirect(back)
    actor, version = Actor.from_request(request), form.cleaned_data["version"]
    try:
        if form.cleaned_data["remove"]:
            office_member_remove(membership, actor=actor, expected_version=version)
            messages.success(request, f"Removed {membership.user}.")
        else:
            role = form.cleaned_data["role"] or membership.role
            office_member_set_role(membership, role=role, actor=actor, expected_version=version)
            messages.success(request, f"{membership.user} is now {role}.")
    except EditConflict as conflict:
        messages.error(request, conflict.message())
    except ValidationError as error:
        messages.error(request, describe(error))
    return HttpResponseRedirect(back)
