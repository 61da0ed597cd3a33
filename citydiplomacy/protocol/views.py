"""Pages of visits, their programme and delegation, and the gifts register.

Each record is read among those the visitor may see (`selectors.visible_*`, which go through
`offices.visibility`): anything else is a 404, whether it exists or not.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from citydiplomacy.core.editing import delete_record, edit_record, history_url
from citydiplomacy.core.errors import describe
from citydiplomacy.core.history.gate import check_write
from citydiplomacy.core.history.models import ChangeAction
from citydiplomacy.core.history.services import Actor, EditConflict
from citydiplomacy.core.listing import list_data
from citydiplomacy.core.pages import PageData, PageResult, page
from citydiplomacy.core.schemas import dump
from citydiplomacy.offices.views_editing import edit_office_record
from citydiplomacy.offices.visibility import can_write, can_write_somewhere
from citydiplomacy.protocol import services
from citydiplomacy.protocol.filtersets import GiftFilterSet, VisitFilterSet
from citydiplomacy.protocol.forms import (
    DebriefForm,
    DelegationMemberForm,
    GiftForm,
    ParticipantForm,
    ProgrammeItemForm,
    StepForm,
    VisitForm,
)
from citydiplomacy.protocol.models import VisitStatus
from citydiplomacy.protocol.schemas import VisitOut
from citydiplomacy.protocol.selectors import (
    gift_row,
    gift_totals,
    programme_of,
    visible_delegation,
    visible_gifts,
    visible_items,
    visible_participants,
    visible_visits,
    visit_data,
)


@page("protocol/visit_list.html")
def visit_list(request: HttpRequest) -> PageResult:
    """Your offices' visits, the latest requests first."""
    result = list_data(
        request,
        title="Visits",
        filterset_class=VisitFilterSet,
        queryset=visible_visits(request.user),
        row=lambda visit: dump(VisitOut, visit),
    )
    result.html_context["can_write"] = can_write_somewhere(request.user)
    return result


@page("protocol/visit_detail.html")
def visit_detail(request: HttpRequest, pk: int) -> PageResult:
    visit = get_object_or_404(visible_visits(request.user), pk=pk)
    data: PageData = {"title": visit.engagement.title, **visit_data(visit)}
    data["history_url"] = history_url(visit)
    writer = can_write(request.user, visit.office_id)
    html: dict[str, Any] = {"can_write": writer}
    if writer:
        html["step_form"] = StepForm(visit=visit)
        if visit.status == VisitStatus.HELD:
            html["debrief_form"] = DebriefForm(visit=visit)
    return PageResult(data, html_context=html)


def visit_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return edit_office_record(
        request,
        visible=visible_visits(request.user),
        pk=pk,
        form_class=VisitForm,
        new_title="Receive a visit request",
        success_url=lambda v: reverse("protocol:visit", args=[v.pk]),
        initial={"office": request.GET.get("office")},
    )


def visit_remove(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(visible_visits(request.user), pk=pk)
    return delete_record(
        request,
        instance=visit,
        delete=lambda v, actor, version: services.visit_delete(
            v, actor=actor, expected_version=version
        ),
        success_url=reverse("protocol:visits"),
    )


def _writable_visit(request: HttpRequest, pk: int) -> Any:
    visit = get_object_or_404(visible_visits(request.user), pk=pk)
    check_write(Actor.from_request(request), visit, ChangeAction.UPDATE)
    return visit


def _refused(request: HttpRequest, visit: Any, form: Any, title: str) -> HttpResponse:
    context = {"form": form, "title": title, "back": reverse("protocol:visit", args=[visit.pk])}
    return render(request, "editing/form.html", context, status=400)


@require_POST
def visit_step(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the visit to its next step (approve, decline with a reason, schedule, ...)."""
    visit = _writable_visit(request, pk)
    form = StepForm(request.POST, visit=visit)
    if form.is_valid():
        try:
            services.visit_transition(
                visit,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                actor=Actor.from_request(request),
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as conflict:
            form.add_error(None, conflict.message())
        except ValidationError as error:
            _add(form, error)
        else:
            messages.success(request, f"The visit is now {visit.get_status_display()}.")
            return HttpResponseRedirect(reverse("protocol:visit", args=[visit.pk]))
    return _refused(request, visit, form, f"Next step of {visit}")


def visit_debrief(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _writable_visit(request, pk)
    form = DebriefForm(request.POST or None, visit=visit)
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_debrief(
                visit,
                debrief=form.cleaned_data["debrief"],
                outcomes=form.cleaned_data["outcomes"] or None,
                agreements=list(form.cleaned_data["agreements"]),
                actor=Actor.from_request(request),
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as conflict:
            form.add_error(None, conflict.message())
        except ValidationError as error:
            _add(form, error)
        else:
            messages.success(request, "Debrief recorded.")
            return HttpResponseRedirect(reverse("protocol:visit", args=[visit.pk]))
    status = 400 if form.errors else 200
    context = {"form": form, "title": f"Debrief of {visit}"}
    return render(request, "editing/form.html", context, status=status)


def _add(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, describe(error))


def _child_edit(
    request: HttpRequest,
    *,
    parent: Any,
    parent_kw: str,
    instance: Any,
    form_class: Any,
    title: str,
    back: str,
) -> HttpResponse:
    return edit_record(
        request,
        form_class=form_class,
        instance=instance,
        title=title,
        success_url=lambda saved: back,
        form_kwargs={parent_kw: parent},
        # A new item belongs to the parent's office: the gate is asked about that office.
        ahead=instance or form_class._meta.model(office_id=parent.office_id),
    )


def _child_remove(request: HttpRequest, instance: Any, delete: Any, back: str) -> HttpResponse:
    return delete_record(
        request,
        instance=instance,
        delete=lambda obj, actor, version: delete(obj, actor=actor, expected_version=version),
        success_url=back,
    )


def _visit_url(visit_id: int) -> str:
    return reverse("protocol:visit", args=[visit_id])


def delegation_new(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(visible_visits(request.user), pk=pk)
    return _child_edit(
        request,
        parent=visit,
        parent_kw="visit",
        instance=None,
        form_class=DelegationMemberForm,
        title=f"Add a delegation member to {visit.engagement.title}",
        back=_visit_url(visit.pk),
    )


def delegation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(visible_delegation(request.user).select_related("visit"), pk=pk)
    return _child_edit(
        request,
        parent=member.visit,
        parent_kw="visit",
        instance=member,
        form_class=DelegationMemberForm,
        title=f"Edit {member}",
        back=_visit_url(member.visit_id),
    )


def delegation_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(visible_delegation(request.user), pk=pk)
    return _child_remove(
        request, member, services.delegation_member_delete, _visit_url(member.visit_id)
    )


def item_new(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(visible_visits(request.user), pk=pk)
    return _child_edit(
        request,
        parent=visit,
        parent_kw="visit",
        instance=None,
        form_class=ProgrammeItemForm,
        title=f"Add a programme item to {visit.engagement.title}",
        back=_visit_url(visit.pk),
    )


def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(visible_items(request.user), pk=pk)
    return _child_edit(
        request,
        parent=item.visit,
        parent_kw="visit",
        instance=item,
        form_class=ProgrammeItemForm,
        title=f"Edit {item}",
        back=_visit_url(item.visit_id),
    )


def item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(visible_items(request.user), pk=pk)
    return _child_remove(request, item, services.programme_item_delete, _visit_url(item.visit_id))


def participant_new(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(visible_items(request.user), pk=pk)
    return _child_edit(
        request,
        parent=item,
        parent_kw="item",
        instance=None,
        form_class=ParticipantForm,
        title=f"Add a participant to {item}",
        back=_visit_url(item.visit_id),
    )


def participant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_object_or_404(
        visible_participants(request.user).select_related("item"), pk=pk
    )
    return _child_edit(
        request,
        parent=participant.item,
        parent_kw="item",
        instance=participant,
        form_class=ParticipantForm,
        title=f"Edit {participant} (a manual position needs its reason)",
        back=_visit_url(participant.item.visit_id),
    )


def participant_remove(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_object_or_404(
        visible_participants(request.user).select_related("item"), pk=pk
    )
    back = _visit_url(participant.item.visit_id)
    return _child_remove(request, participant, services.participant_delete, back)


def programme_ics(request: HttpRequest, pk: int) -> HttpResponse:
    from citydiplomacy.protocol.calendar import programme_ics as ics

    visit = get_object_or_404(visible_visits(request.user), pk=pk)
    items = programme_of(visit, services.rules_of(visit.office_id).ranks)
    response = HttpResponse(ics(visit, items), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="visit-{visit.pk}-programme.ics"'
    return response


# ------------------------------------------------------------------------------ gifts


@page("protocol/gift_list.html")
def gift_list(request: HttpRequest) -> PageResult:
    """The gifts register of your offices, with totals per year of what the filters select."""
    queryset = visible_gifts(request.user)
    rules_by_office: dict[int, Any] = {}

    def row(gift: Any) -> dict[str, Any]:
        if gift.office_id not in rules_by_office:
            rules_by_office[gift.office_id] = services.rules_of(gift.office_id)
        return gift_row(gift, rules_by_office[gift.office_id])

    result = list_data(
        request, title="Gifts register", filterset_class=GiftFilterSet, queryset=queryset, row=row
    )
    if result.status == 200:
        selected = GiftFilterSet(request.GET, queryset=queryset, request=request).qs
        result.data["totals"] = gift_totals(
            list(selected.select_related(None).only("given_on", "direction", "value", "currency"))
        )
        result.data["undeclared_above_threshold"] = sum(
            1 for r in result.data["results"] if r["flagged"]
        )
    result.html_context["can_write"] = can_write_somewhere(request.user)
    return result


@page("protocol/gift_detail.html")
def gift_detail(request: HttpRequest, pk: int) -> PageResult:
    gift = get_object_or_404(visible_gifts(request.user), pk=pk)
    data: PageData = {
        "title": str(gift),
        "gift": gift_row(gift, services.rules_of(gift.office_id)),
        "history_url": history_url(gift),
    }
    return PageResult(data, html_context={"can_write": can_write(request.user, gift.office_id)})


def gift_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return edit_office_record(
        request,
        visible=visible_gifts(request.user),
        pk=pk,
        form_class=GiftForm,
        new_title="Record a gift",
        success_url=lambda g: reverse("protocol:gift", args=[g.pk]),
        initial={
            "office": request.GET.get("office"),
            "visit": request.GET.get("visit"),
            "engagement": request.GET.get("engagement"),
        },
    )


def gift_remove(request: HttpRequest, pk: int) -> HttpResponse:
    gift = get_object_or_404(visible_gifts(request.user), pk=pk)
    return _child_remove(request, gift, services.gift_delete, reverse("protocol:gifts"))
