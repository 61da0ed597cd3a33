"""Pages of commitments (each view is its page's data function, with its JSON twin)."""

import csv
import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from citydiplomacy.commitments.api import WeightQuery, selection_from
from citydiplomacy.commitments.calendar import obligations_calendar
from citydiplomacy.commitments.charts import commitment_chart
from citydiplomacy.commitments.filtersets import CommitmentFilterSet
from citydiplomacy.commitments.forms import CommitmentForm, InventoryForm, ProgressForm, WeightForm
from citydiplomacy.commitments.models import Commitment
from citydiplomacy.commitments.schemas import CommitmentOut, ProgressOut
from citydiplomacy.commitments.selectors import (
    accountability,
    commitment_progress,
    commitments,
    obligations_of_city,
    progress_reports,
)
from citydiplomacy.commitments.services import commitment_delete
from citydiplomacy.commitments.weight import coalition_weight
from citydiplomacy.core.accounts.permissions import can_edit_registry
from citydiplomacy.core.editing import delete_record, edit_record, history_url
from citydiplomacy.core.errors import error_messages
from citydiplomacy.core.listing import list_data
from citydiplomacy.core.pages import PageData, PageResult, page
from citydiplomacy.core.schemas import dump
from citydiplomacy.geo.models import City
from citydiplomacy.organisations.models import Organisation


@page("commitments/commitment_list.html")
def commitment_list(request: HttpRequest) -> PageResult:
    return list_data(
        request,
        title="Commitments",
        filterset_class=CommitmentFilterSet,
        queryset=commitments(),
        row=lambda commitment: dump(CommitmentOut, commitment),
    )


@page("commitments/commitment_detail.html")
def commitment_detail(request: HttpRequest, pk: int) -> PageResult:
    commitment = get_object_or_404(commitments(), pk=pk)
    progress = commitment_progress(commitment)
    reports = progress_reports().filter(commitment=commitment)
    data: PageData = {
        "title": str(commitment),
        "commitment": dump(CommitmentOut, commitment),
        "progress": progress.as_dict(),
        "reports": [dump(ProgressOut, r) for r in reports],
        "history_url": history_url(commitment),
    }
    return PageResult(
        data,
        html_context={
            "can_edit": can_edit_registry(request.user),
            "chart": commitment_chart(commitment, progress),
        },
    )


def commitment_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    commitment = get_object_or_404(Commitment, pk=pk) if pk else None
    return edit_record(
        request,
        form_class=CommitmentForm,
        instance=commitment,
        title=f"Edit {commitment}" if commitment else "New commitment",
        success_url=lambda c: reverse("commitments:detail", args=[c.pk]),
        initial={"city": request.GET.get("city")} if commitment is None else None,
    )


def commitment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    return delete_record(
        request,
        instance=get_object_or_404(Commitment, pk=pk),
        delete=lambda c, actor, version: commitment_delete(
            c, actor=actor, expected_version=version
        ),
        success_url=reverse("commitments:list"),
    )


def inventory_new(request: HttpRequest) -> HttpResponse:
    return edit_record(
        request,
        form_class=InventoryForm,
        instance=None,
        title="New emissions inventory",
        success_url=lambda i: reverse("geo:city", args=[i.city_id]),
        initial={"city": request.GET.get("city")},
    )


def progress_new(request: HttpRequest) -> HttpResponse:
    return edit_record(
        request,
        form_class=ProgressForm,
        instance=None,
        title="New progress report",
        success_url=lambda r: reverse("commitments:detail", args=[r.commitment_id]),
        initial={"commitment": request.GET.get("commitment")},
    )


@page("commitments/obligations.html")
def city_obligations(request: HttpRequest, geonames_id: int) -> PageData:
    city = get_object_or_404(City.objects.select_related("country"), pk=geonames_id)
    found = [o.as_dict() for o in obligations_of_city(city)]
    return {
        "title": f"Obligations of {city.name}",
        "city": {"geonames_id": city.pk, "name": city.name, "country": city.country.name},
        "as_of": dt.date.today().isoformat(),
        "obligations": found,
        "calendar_url": reverse("commitments:obligations-ics", args=[city.pk]),
    }


def city_obligations_ics(request: HttpRequest, geonames_id: int) -> HttpResponse:
    city = get_object_or_404(City, pk=geonames_id)
    body = obligations_calendar(city, obligations_of_city(city), request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="obligations-{city.pk}.ics"'
    return response


def _report_data(slug: str) -> PageData:
    organisation = get_object_or_404(Organisation, slug=slug)
    return {
        "title": f"Accountability report: {organisation.name}",
        "organisation": {"slug": organisation.slug, "name": organisation.name},
        **accountability(organisation),
    }


@page("commitments/accountability.html")
def accountability_report(request: HttpRequest, slug: str) -> PageData:
    return _report_data(slug)


@page("commitments/accountability_print.html")
def accountability_print(request: HttpRequest, slug: str) -> PageData:
    """The same report on a page without navigation, for printing."""
    return _report_data(slug)


ACCOUNTABILITY_COLUMNS = (
    "city",
    "city_name",
    "country",
    "joined",
    "commitments",
    "statuses",
    "on_track",
    "last_report",
    "reporting",
    "obligations_met",
    "obligations_due",
    "obligations_overdue",
    "obligations_expected",
)


def accountability_csv(request: HttpRequest, slug: str) -> HttpResponse:
    data = _report_data(slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="accountability-{slug}.csv"'
    writer = csv.DictWriter(response, fieldnames=ACCOUNTABILITY_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in data["rows"]:
        writer.writerow({k: _safe_cell(v) for k, v in row.items()})
    return response


def _safe_cell(value: Any) -> Any:
    # Spreadsheet programs run cells starting with these as formulas.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


@page("commitments/coalition_weight.html")
def coalition_weight_page(request: HttpRequest) -> PageResult:
    form = WeightForm(request.GET or None, initial={"as_of": dt.date.today().year, "mode": "union"})
    data: PageData = {"title": "Coalition weight", "weight": None, "errors": {}}
    status = 200
    if form.is_bound and form.is_valid():
        query = WeightQuery(
            organisations=[o.slug for o in form.cleaned_data["organisations"]],
            mode=form.cleaned_data["mode"] or "union",
            as_of=form.cleaned_data["as_of"],
            country=form.cleaned_data["country"],
            region=form.cleaned_data["region"],
        )
        try:
            data["weight"] = coalition_weight(selection_from(query))
        except ValidationError as error:
            data["errors"] = error_messages(error)
            status = 422
    elif form.is_bound:
        data["errors"] = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        status = 422
    return PageResult(data, status=status, html_context={"form": form})
