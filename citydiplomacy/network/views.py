"""Pages of the network: overview and rankings, a city's ego network, an organisation's
member graph, partner suggestions, connectivity, research statistics, and exports.

Every page is a data function (`@page`), so each picture has its JSON twin; the tables on
the pages are the pictures' tables. Only public layers' stored snapshots feed the figures;
an office's engagements appear only in its members' own ego view.
"""

import csv
import datetime as dt
import io
from typing import Any

from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse

from citydiplomacy.core.pages import PageData, PageResult, page
from citydiplomacy.geo.models import City
from citydiplomacy.network import ego, exports, panels, selectors, stats
from citydiplomacy.network.graph import COMBINED, UnknownLayer, public_layer_names
from citydiplomacy.network.models import Snapshot
from citydiplomacy.organisations.models import Organisation

RANKING_SIZE = 50
MAP_SIZE = 300


def _as_of(request: HttpRequest) -> dt.date | None:
    raw = request.GET.get("as_of", "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise BadQuery(f"as_of: {raw!r} is not a date (write YYYY-MM-DD).") from None


class BadQuery(ValueError):
    pass


def _error(message: str) -> PageResult:
    return PageResult({"title": "Network", "error": message}, status=400)


@page("network/home.html")
def network_home(request: HttpRequest) -> PageResult:
    snaps = list(selectors.snapshots())
    layer = request.GET.get("layer") or (COMBINED if any(s.layer == COMBINED for s in snaps) else
                                         (snaps[0].layer if snaps else ""))  # fmt: skip
    metric = request.GET.get("metric", "pagerank")
    if metric not in selectors.METRICS:
        return _error(f"metric: choose one of {', '.join(selectors.METRICS)}.")
    try:
        as_of = _as_of(request)
    except BadQuery as error:
        return _error(str(error))
    snap = next((s for s in snaps if s.layer == layer and s.as_of == as_of), None)
    data: PageData = {
        "title": "Network of cities",
        "snapshots": [selectors.snapshot_row(s) for s in snaps],
        "layer": layer, "metric": metric, "metrics": list(selectors.METRICS),
        "as_of": as_of.isoformat() if as_of else None,
        "ranking": [], "distribution": [], "map": {"points": []},
        "exports": [
            {"layer": name, "format": fmt, "url": reverse("network:export", args=[name, fmt])}
            for name in [*public_layer_names(), COMBINED] for fmt in exports.FORMATS
        ],
    }  # fmt: skip
    if snap is not None:
        data.update(_figures(snap, metric))
    return PageResult(data)


def _figures(snap: Snapshot, metric: str) -> dict[str, Any]:
    rows = selectors.metrics(snap).filter(city__isnull=False, **{f"{metric}__isnull": False})
    top = list(rows.order_by(f"-{metric}", "node")[:RANKING_SIZE])
    ranking = [
        {"city": r.city.name if r.city else r.node,
         "country": r.city.country.name if r.city else "",
         "url": reverse("network:city", args=[r.city_id]), "value": getattr(r, metric),
         **selectors.metric_row(r)}
        for r in top
    ]  # fmt: skip
    distribution = list(
        snap.metrics.values("degree").annotate(nodes=Count("id")).order_by("degree")
    )
    points = [
        {"name": r.city.name, "lat": r.city.latitude, "lon": r.city.longitude,
         "value": getattr(r, metric), "url": reverse("network:city", args=[r.city_id])}
        for r in rows.order_by(f"-{metric}", "node")[:MAP_SIZE] if r.city
    ]  # fmt: skip
    return {
        "snapshot": selectors.snapshot_row(snap),
        "ranking": ranking,
        "distribution": distribution,
        "map": {"points": points, "metric": metric},
    }


@page("network/city.html")
def city_network(request: HttpRequest, geonames_id: int) -> PageResult:
    city = get_object_or_404(City.objects.select_related("country"), pk=geonames_id)
    offered = ego.visible_layers(request.user)
    wanted = request.GET.get("layers")
    names = [n for n in (wanted.split(",") if wanted is not None else ["twinning"]) if n]
    try:
        as_of = _as_of(request)
        graph = ego.ego(city.pk, names, request.user, as_of)
    except (BadQuery, UnknownLayer) as error:
        return _error(str(error))
    panel = panels.city_panel(city, request).data["network"]
    return PageResult({
        "title": f"{city.name}: network",
        "city": {"geonames_id": city.pk, "name": city.name, "country": city.country.name,
                 "url": reverse("geo:city", args=[city.pk])},
        "layers": [{**row, "shown": row["name"] in names} for row in offered],
        "graph": graph,
        "network": panel,
    })  # fmt: skip


@page("network/organisation.html")
def organisation_network(request: HttpRequest, slug: str) -> PageResult:
    organisation = get_object_or_404(Organisation, slug=slug)
    try:
        graph = ego.organisation_graph(organisation, request.user, _as_of(request))
    except (BadQuery, UnknownLayer) as error:
        return _error(str(error))
    panel = panels.organisation_panel(organisation, request).data["network"]
    return PageResult({
        "title": f"{organisation.name}: network",
        "organisation": {"slug": organisation.slug, "name": organisation.name,
                         "url": reverse("organisations:detail", args=[organisation.slug])},
        "graph": graph,
        "network": panel,
    })  # fmt: skip


@page("network/suggestions.html")
def city_suggestions(request: HttpRequest, geonames_id: int) -> PageResult:
    city = get_object_or_404(City, pk=geonames_id)
    from citydiplomacy.network import partners  # scipy loads with the first suggestions

    found = partners.suggest(city.pk, limit=min(50, int(request.GET.get("limit", 10) or 10)))
    for row in (*found["suggestions"], *found["similar"]):
        row["url"] = reverse("geo:city", args=[row["geonames_id"]])
    return PageResult({"title": f"Partners for {city.name}", "city": {"geonames_id": city.pk,
                       "name": city.name}, **found})  # fmt: skip


@page("network/connectivity.html")
def connectivity_ranking(request: HttpRequest) -> PageResult:
    snap = selectors.snapshot("membership", None)
    rows = []
    if snap is not None:
        found = list(
            selectors.metrics(snap)
            .filter(connectivity__isnull=False, connectivity__gt=0)
            .order_by("-connectivity", "node")[:200]
        )
        highest = found[0].connectivity if found else None
        rows = [
            {"rank": i, "city": r.city.name if r.city else r.node,
             "country": r.city.country.name if r.city else "",
             "url": reverse("network:city", args=[r.city_id]) if r.city_id else "",
             "connectivity": r.connectivity,
             "relative": round((r.connectivity or 0) / highest, 4) if highest else None}
            for i, r in enumerate(found, start=1)
        ]  # fmt: skip
    return PageResult({
        "title": "World-city connectivity",
        "snapshot": selectors.snapshot_row(snap) if snap else None,
        "ranking": rows,
    })  # fmt: skip


def _stats_query(request: HttpRequest) -> stats.Query:
    def ints(name: str) -> list[int]:
        raw = request.GET.get(name, "")
        try:
            return [int(p) for p in raw.replace(" ", "").split(",") if p]
        except ValueError:
            raise BadQuery(f"{name}: write whole numbers separated by commas.") from None

    threshold_year = ints("threshold_year")
    threshold = ints("threshold")
    return stats.Query(
        group_by=request.GET.get("group_by", "region"),
        years=ints("years"),
        threshold=threshold[0] if threshold else 0,
        threshold_year=threshold_year[0] if threshold_year else None,
        kind=request.GET.get("kind", "agglomeration"),
        source=request.GET.get("source", ""),
    )


@page("network/stats.html")
def research_stats(request: HttpRequest) -> PageResult:
    try:
        query = _stats_query(request)
        result = stats.table(query)
    except (BadQuery, ValueError) as error:
        return PageResult({"title": "Research statistics", "error": str(error),
                           "groups": list(stats.GROUPS)}, status=400)  # fmt: skip
    result_years = [str(y) for y in query.years] or ["current"]
    return PageResult({"title": "Research statistics", "groups": list(stats.GROUPS),
                       "year_keys": result_years, **result})  # fmt: skip


def research_stats_csv(request: HttpRequest) -> HttpResponse:
    try:
        query = _stats_query(request)
        result = stats.table(query)
    except (BadQuery, ValueError) as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain")
    keys = [str(y) for y in query.years] or ["current"]
    out = io.StringIO()
    writer = csv.writer(out)
    measures = ("count", "sum", "mean", "median")
    writer.writerow(["group", "cities", *[f"{k}_{m}" for k in keys for m in measures],
                     "total_pct", "yearly_pct", "yearly_compound_pct"])  # fmt: skip
    for row in result["rows"]:
        change = row["change"] or {}
        writer.writerow([
            row["group"], row["cities_count"],
            *[row["years"][k][m] for k in keys for m in ("count", "sum", "mean", "median")],
            change.get("total_pct"), change.get("yearly_pct"), change.get("yearly_compound_pct"),
        ])  # fmt: skip
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="city-statistics.csv"'
    return response


def export(request: HttpRequest, layer: str, fmt: str) -> HttpResponse:
    """A public layer as GraphML, GEXF, or Parquet (`?table=nodes|edges`)."""
    if fmt not in exports.FORMATS:
        raise Http404(f"No export format {fmt!r}.")
    try:
        as_of = _as_of(request)
        body, kind, name = exports.export_file(
            layer, fmt, as_of, table=request.GET.get("table", "nodes")
        )
    except (BadQuery, ValueError) as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain")
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
