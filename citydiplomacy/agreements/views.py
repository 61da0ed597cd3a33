"""Pages of agreements (each view is its page's data function)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from citydiplomacy.agreements.filtersets import AgreementFilterSet
from citydiplomacy.agreements.forms import AgreementForm
from citydiplomacy.agreements.models import Agreement
from citydiplomacy.agreements.schemas import AgreementOut
from citydiplomacy.agreements.selectors import agreements
from citydiplomacy.agreements.services import agreement_delete
from citydiplomacy.core.accounts.permissions import can_edit_registry
from citydiplomacy.core.editing import delete_record, edit_record, history_url
from citydiplomacy.core.listing import list_data
from citydiplomacy.core.pages import PageData, PageResult, page
from citydiplomacy.core.schemas import dump


@page("agreements/agreement_list.html")
def agreement_list(request: HttpRequest) -> PageResult:
    return list_data(
        request,
        title="Agreements",
        filterset_class=AgreementFilterSet,
        queryset=agreements(),
        row=lambda agreement: dump(AgreementOut, agreement),
    )


NOTE_SHOWN = 600


def fold_note(note: str, limit: int = NOTE_SHOWN) -> dict[str, str]:
    """The start of a long note (cut at a space near `limit` where there is one) and the
    rest, which the page folds so that a very long note cannot stretch the fact sheet."""
    if len(note) <= limit:
        return {"head": note, "rest": ""}
    cut = note.rfind(" ", limit // 2, limit)
    cut = cut if cut > 0 else limit
    return {"head": note[:cut], "rest": note[cut:].lstrip()}


@page("agreements/agreement_detail.html")
def agreement_detail(request: HttpRequest, pk: int) -> PageResult:
    agreement = get_object_or_404(agreements(), pk=pk)
    a, b = agreement.city_a, agreement.city_b
    data: PageData = {
        "title": str(agreement),
        "agreement": dump(AgreementOut, agreement),
        "countries": {"a": a.country.name, "b": b.country.name},
        "map": {
            "points": [
                {
                    "name": a.name,
                    "lat": a.latitude,
                    "lon": a.longitude,
                    "url": reverse("geo:city", args=[a.pk]),
                    "role": "self",
                },
                {
                    "name": b.name,
                    "lat": b.latitude,
                    "lon": b.longitude,
                    "url": reverse("geo:city", args=[b.pk]),
                    "role": "partner",
                },
            ],
            "lines": True,
        },
        "history_url": history_url(agreement),
    }
    return PageResult(
        data,
        html_context={
            "can_edit": can_edit_registry(request.user),
            "note": fold_note(agreement.note),
        },
    )


def agreement_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    agreement = get_object_or_404(Agreement, pk=pk) if pk else None
    return edit_record(
        request,
        form_class=AgreementForm,
        instance=agreement,
        title=f"Edit {agreement}" if agreement else "New agreement",
        success_url=lambda a: reverse("agreements:detail", args=[a.pk]),
        initial={"city_a": request.GET.get("city")} if agreement is None else None,
    )


def agreement_remove(request: HttpRequest, pk: int) -> HttpResponse:
    return delete_record(
        request,
        instance=get_object_or_404(Agreement, pk=pk),
        delete=lambda a, actor, version: agreement_delete(a, actor=actor, expected_version=version),
        success_url=reverse("agreements:list"),
    )
