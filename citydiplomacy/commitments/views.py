"""Pages of commitments (each view is its page's data function, with its JSON twin)."""

import csv
import datetime as dt
import itertools
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from citydiplomacy.commitments.api import WeightQuery, selection_from
from citydiplomacy.commitments.calendar import obligations_calendar
from citydiplomacy.commitments.charts import commitment_chart
from citydiplomacy.commitments.figures import accountability_figures, weight_figures
from citydiplomacy.commitments.filtersets import CommitmentFilterSet
from citydiplomacy.commitments.forms import CommitmentForm, InventoryForm, ProgressForm, WeightForm
from citydiplomacy.commitments.models import Commitment
from citydiplomacy.commitments.schemas import CommitmentOut, ProgressOut
from citydiplomacy.commitments.selectors import (
    commitment_progress,
    commitments,
    obligations_of_city,
    progress_reports,
)
from citydiplomacy.commitments.services import commitment_delete
from citydiplomacy.core.accounts.permissions import can_edit_registry
from citydiplomacy.core.editing import delete_record, edit_record, history_url
from citydiplomacy.core.errors import error_messages
from citydiplomacy.core.listing import list_data, rows_page
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
        **accountability_figures(organisation),
    }


def _paged(request: HttpRequest, data: PageData, rows: dict[str, Any]) -> PageResult:
    """One page of a per-city table (`rows["rows"]`): the HTML and its JSON twin show one
    page of rows, with `count`, `page` and `pages`, and the same totals, which cover every
    member; the CSV and the API give every row."""
    try:
        rows["rows"], paging, html = rows_page(request, rows["rows"])
    except ValidationError as error:
        rows["rows"] = []  # no page to show
        return PageResult({**data, "errors": error_messages(error)}, status=422)
    return PageResult({**data, **paging}, html_context=html)


@page("commitments/accountability.html")
def accountability_report(request: HttpRequest, slug: str) -> PageResult:
    data = _report_data(slug)
    return _paged(request, data, data)


@page("commitments/accountability_print.html")
def accountability_print(request: HttpRequest, slug: str) -> PageData:
    """The whole report on a page without navigation, for printing (every member)."""
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
WEIGHT_COLUMNS = (
    "city",
    "name",
    "country",
    "region",
    "population",
    "population_from",
    "emissions",
    "emissions_year",
    "emissions_from",
)


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def _csv_download(
    rows: list[dict[str, Any]], columns: tuple[str, ...], filename: str
) -> StreamingHttpResponse:
    writer = csv.DictWriter(_Echo(), fieldnames=columns, extrasaction="ignore")
    lines = itertools.chain(
        [writer.writeheader()],
        (writer.writerow({k: _safe_cell(v) for k, v in row.items()}) for row in rows),
    )
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def accountability_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    rows = _report_data(slug)["rows"]
    return _csv_download(rows, ACCOUNTABILITY_COLUMNS, f"accountability-{slug}.csv")


def _safe_cell(value: Any) -> Any:
    # Spreadsheet programs run cells starting with these as formulas.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _weight_query(form: WeightForm) -> WeightQuery:
    return WeightQuery(
        organisations=[o.slug for o in form.cleaned_data["organisations"]],
        mode=form.cleaned_data["mode"] or "union",
        as_of=form.cleaned_data["as_of"],
        country=form.cleaned_data["country"],
        region=form.cleaned_data["region"],
    )


@page("commitments/coalition_weight.html")
def coalition_weight_page(request: HttpRequest) -> PageResult:
    form = WeightForm(request.GET or None, initial={"as_of": dt.date.today().year, "mode": "union"})
    data: PageData = {"title": "Coalition weight", "weight": None, "errors": {}}
    if form.is_bound and form.is_valid():
        try:
            weight = weight_figures(selection_from(_weight_query(form)))
        except ValidationError as error:
            data["errors"] = error_messages(error)
            return PageResult(data, status=422, html_context={"form": form})
        data["weight"] = weight
        result = _paged(request, data, weight)
        result.html_context["form"] = form
        return result
    if form.is_bound:
        data["errors"] = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return PageResult(data, status=422, html_context={"form": form})
    return PageResult(data, html_context={"form": form})


def coalition_weight_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """Every city behind a coalition's numbers, as CSV (the form's parameters)."""
    form = WeightForm(request.GET)
    if not form.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return JsonResponse({"errors": errors}, status=422)
    try:
        weight = weight_figures(selection_from(_weight_query(form)))
    except ValidationError as error:
        return JsonResponse({"errors": error_messages(error)}, status=422)
    return _csv_download(weight["rows"], WEIGHT_COLUMNS, f"coalition-weight-{weight['as_of']}.csv")
