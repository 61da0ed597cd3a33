"""Home page, search, type-ahead suggestions and the options of searchable form fields.

Every section comes from what the apps registered: counts, home panels, search and option
providers, export datasets (`citydiplomacy.core.extensions`).
"""

from typing import Any

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views import defaults

from citydiplomacy.core import extensions
from citydiplomacy.core.accounts.throttling import limited_stream
from citydiplomacy.core.pages import PageData, PageResult, page
from citydiplomacy.site.export_files import build_status, can_be_file, ready_file, request_build
from citydiplomacy.site.exports import CONTENT_TYPES, ExportError, export
from citydiplomacy.site.selectors import registry_counts, search_everything


@page("site/home.html")
def home(request: HttpRequest) -> PageResult:
    panels, shown = extensions.collect_panels("home", None, request)
    counts = registry_counts(home_only=True)
    links = [
        {"label": c.label, "url_name": c.url_name, "n": counts[c.name]}
        for c in extensions.counts
        if c.home
    ]
    data: PageData = {"title": "City diplomacy registry", "counts": counts, **panels.data}
    return PageResult(data, html_context={"panels": shown, "count_links": links})


def _search_data(query: str, limit: int, user: Any) -> PageResult:
    found = search_everything(query, limit=limit, user=user)
    groups = [
        {
            "name": provider.name,
            "title": provider.title,
            "noun": provider.noun,
            "private": provider.private,
            "rows": found[provider.name],
        }
        for provider in extensions.search
    ]
    data: PageData = {"title": f"Search: {query}" if query else "Search", "query": query, **found}
    return PageResult(
        data,
        html_context={
            "public_groups": [g for g in groups if not g["private"]],
            "private_groups": [g for g in groups if g["private"]],
            "found_any": any(g["rows"] for g in groups),
        },
    )


@page("site/search.html")
def search(request: HttpRequest) -> PageResult:
    return _search_data(request.GET.get("q", "")[:200], limit=25, user=request.user)


@page("site/_suggestions.html")
def suggest(request: HttpRequest) -> PageResult:
    """Type-ahead under the search box (an HTML fragment for htmx, or JSON)."""
    return _search_data(request.GET.get("q", "")[:200], limit=6, user=request.user)


def options(request: HttpRequest, kind: str) -> JsonResponse:
    """Options for a searchable form field: [{value, label}] matching `q`."""
    if kind not in extensions.options:
        raise Http404(f"No options for {kind!r}.")
    query = request.GET.get("q", "").strip()[:200]
    rows = extensions.options.get(kind).options(query, request.user)
    return JsonResponse({"results": rows, "more": reverse("site:search")})


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page in the site's layout, with its navigation (Django's own handler renders
    it without the request, so the menu came out empty). Should the layout itself be what
    fails, Django's plain rendering of the same template answers."""
    try:
        return render(request, "500.html", status=500)
    except Exception:  # the error page must answer whatever broke
        return defaults.server_error(request)


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers ask for /favicon.ico whatever the page says; send them to the site's icon."""
    return HttpResponseRedirect(static("citydiplomacy/favicon.svg"))


def export_download(request: HttpRequest, dataset: str, fmt: str) -> HttpResponseBase:
    """The filtered list as a file: /export/<dataset>.<format>?<the list's filters>."""
    if dataset not in extensions.exports or fmt not in CONTENT_TYPES:
        raise Http404(f"No export {dataset}.{fmt}.")
    query = request.GET.copy()
    query.pop("page", None)
    whole = can_be_file(dataset, query, request.user)
    built = ready_file(dataset, fmt) if whole else None
    if built is not None:  # sent by the server from disk, no database work
        return FileResponse(
            built.open("rb"), as_attachment=True, filename=f"{dataset}.{fmt}",
            content_type=CONTENT_TYPES[fmt],
        )  # fmt: skip

    def start() -> HttpResponseBase:
        try:
            chunks = export(dataset, fmt, query, user=request.user)
        except ExportError as error:
            return JsonResponse({"detail": str(error)}, status=400)
        if whole:
            request_build(dataset, fmt)  # later visitors get the file
        response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{dataset}.{fmt}"'
        return response

    # A whole-registry export takes seconds of a worker: a client cannot hold them all.
    return limited_stream(request, "export", start)


@page("site/export_status.html")
def export_status(request: HttpRequest, dataset: str, fmt: str) -> PageResult:
    """A whole public export prepared as a file by the worker: asking for this page queues
    the build if needed; it shows the build's progress (the page polls itself) and turns
    into the download link once the file of the current registry version is written."""
    spec = extensions.exports.get(dataset) if dataset in extensions.exports else None
    if spec is None or fmt not in CONTENT_TYPES or fmt not in spec.formats:
        raise Http404(f"No export {dataset}.{fmt}.")
    if spec.private:
        raise Http404(f"{dataset} is private to offices: its exports are streamed, not filed.")
    status = build_status(dataset, fmt)
    if status["state"] in ("none", "failed"):
        request_build(dataset, fmt)
        status = build_status(dataset, fmt)
    total = status.get("total")
    status["percent"] = min(99, 100 * status["done"] // total) if total else None
    download = reverse("site:export", args=[dataset, fmt])
    data: PageData = {
        "title": f"{dataset}.{fmt}",
        "dataset": dataset,
        "format": fmt,
        **status,
        "download_url": download if status["state"] == "ready" else None,
        "run_url": reverse("imports:run", args=[status["run"]]) if "run" in status else None,
    }
    return PageResult(data)
