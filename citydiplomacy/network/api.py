"""The network API: snapshots, rankings, a city's figures and ego network, suggestions,
statistics, Taylor's model on an uploaded matrix, and rebuilds (registry editors)."""

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Router, Status
from ninja.files import UploadedFile

from citydiplomacy.core.accounts.api_auth import signed_in
from citydiplomacy.core.history.models import Via
from citydiplomacy.core.history.services import Actor
from citydiplomacy.geo.models import City
from citydiplomacy.imports.tabular import FileRefused
from citydiplomacy.network import connectivity, ego, selectors, stats
from citydiplomacy.network.graph import UnknownLayer
from citydiplomacy.network.schemas import (
    CityLayerMetricOut,
    ConnectivityRowOut,
    GraphOut,
    RankedCityOut,
    RebuildIn,
    RunOut,
    SnapshotOut,
)
from citydiplomacy.network.services import RebuildOptions, network_rebuild_enqueue

router = Router(tags=["Network"])


def _date(value: str | None, field: str = "as_of") -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({field: f"{value!r} is not a date (YYYY-MM-DD)."}) from None


def _invalid(field: str, error: Exception) -> ValidationError:
    return ValidationError({field: str(error)})


@router.get("/snapshots", response=list[SnapshotOut], operation_id="network_snapshots")
def snapshots(request: HttpRequest) -> Any:
    return [selectors.snapshot_row(s) for s in selectors.snapshots()]


@router.get("/layers/{layer}/metrics", response=list[RankedCityOut], operation_id="network_metrics")
def layer_metrics(
    request: HttpRequest,
    layer: str,
    as_of: str | None = None,
    order: str = "pagerank",
    limit: int = 100,
    offset: int = 0,
) -> Any:
    """A layer's nodes by a metric (highest first), from its stored snapshot."""
    if order not in selectors.METRICS:
        raise ValidationError({"order": f"Choose one of {', '.join(selectors.METRICS)}."})
    snap = selectors.snapshot(layer, _date(as_of))
    if snap is None:
        raise ValidationError({"layer": f"No snapshot of {layer!r} on that date; rebuild first."})
    rows = (
        selectors.metrics(snap).filter(**{f"{order}__isnull": False}).order_by(f"-{order}", "node")
    )
    page = rows[max(0, offset) : max(0, offset) + max(1, min(limit, 1000))]
    return [
        {**selectors.metric_row(r), "city": r.city.name if r.city else None,
         "country": r.city.country_id if r.city else None}
        for r in page
    ]  # fmt: skip


@router.get("/cities/{geonames_id}", response=list[CityLayerMetricOut], operation_id="network_city")
def city_figures(request: HttpRequest, geonames_id: int) -> Any:
    city = get_object_or_404(City, pk=geonames_id)
    return [
        {**selectors.metric_row(r), "layer": r.snapshot.layer, "nodes": r.snapshot.nodes,
         "computed_at": r.snapshot.computed_at.isoformat()}
        for r in selectors.city_metrics(city.pk)
    ]  # fmt: skip


@router.get("/cities/{geonames_id}/ego", response=GraphOut, operation_id="network_city_ego")
def city_ego(
    request: HttpRequest, geonames_id: int, layers: str = "twinning", as_of: str | None = None
) -> Any:
    city = get_object_or_404(City, pk=geonames_id)
    try:
        return ego.ego(city.pk, [n for n in layers.split(",") if n], request.user, _date(as_of))
    except UnknownLayer as error:
        raise _invalid("layers", error) from None


@router.get("/cities/{geonames_id}/suggestions", operation_id="network_city_suggestions")
def city_suggestions(request: HttpRequest, geonames_id: int, limit: int = 10) -> dict[str, Any]:
    city = get_object_or_404(City, pk=geonames_id)
    # Suggestions need scipy: it loads on the first one, not when the site starts.
    from citydiplomacy.network import partners

    return partners.suggest(city.pk, limit=max(1, min(limit, 50)))


@router.get("/stats", operation_id="network_stats")
def research_stats(
    request: HttpRequest,
    group_by: str = "region",
    years: str = "",
    threshold: int = 0,
    threshold_year: int | None = None,
    kind: str = "agglomeration",
    source: str = "",
) -> dict[str, Any]:
    try:
        year_list = [int(y) for y in years.replace(" ", "").split(",") if y]
    except ValueError:
        raise ValidationError({"years": "Write whole numbers separated by commas."}) from None
    query = stats.Query(group_by=group_by, years=year_list, threshold=threshold,
                        threshold_year=threshold_year, kind=kind, source=source)  # fmt: skip
    try:
        return stats.table(query)
    except ValueError as error:
        field, _, message = str(error).partition(": ")
        raise ValidationError({field: message or str(error)}) from None


@router.post(
    "/connectivity", response=list[ConnectivityRowOut], operation_id="network_connectivity"
)
def matrix_connectivity(request: HttpRequest, file: File[UploadedFile]) -> Any:
    """Taylor's model on an uploaded city-by-organisation matrix (CSV, values 0 to 5)."""
    try:
        text = file.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError({"file": "The file is not UTF-8 text."}) from None
    try:
        matrix = connectivity.parse_matrix(text, Path(file.name or "upload.csv"))
    except FileRefused as error:
        raise _invalid("file", error) from None
    return connectivity.connectivity(matrix).ranking()


@router.post("/rebuild", response={201: RunOut}, auth=signed_in, operation_id="network_rebuild")
def rebuild(request: HttpRequest, payload: RebuildIn) -> Any:
    """Queue a rebuild of the snapshots for the task worker (registry editors); the run's
    status tells when it is done."""
    options = RebuildOptions(as_of=_date(payload.as_of), layers=payload.layers,
                             weights=payload.weights, seed=payload.seed,
                             resolution=payload.resolution)  # fmt: skip
    try:
        run = network_rebuild_enqueue(options, Actor.from_request(request, via=Via.API))
    except UnknownLayer as error:
        raise _invalid("layers", error) from None
    except ValueError as error:
        raise _invalid("__all__", error) from None
    return Status(201, run)
